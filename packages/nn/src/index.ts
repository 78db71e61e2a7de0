/**
 * @torchts/nn: neural networks for torchts, as PyTorch's `torch.nn`: `Module` and
 * `Parameter`, containers, layers, losses, `functional` (also `F`), `init`, `utils`, and
 * saving/loading (`save`, `load`, PyTorch `.pth` state dicts included).
 *
 * @example
 * ```ts
 * import * as torch from 'torchts';
 * const { nn, F } = torch;
 *
 * class Net extends nn.Module {
 *   conv1 = new nn.Conv2d(1, 6, 5);
 *   fc1 = new nn.Linear(6 * 12 * 12, 10);
 *   forward(x: torch.Tensor) {
 *     x = F.maxPool2d(F.relu(this.conv1(x)), 2);
 *     return this.fc1(torch.flatten(x, 1));
 *   }
 * }
 * const net = new Net();
 * const loss = F.crossEntropy(net(torch.randn(4, 1, 28, 28)), torch.tensor([1, 0, 4, 9]));
 * loss.backward();
 * ```
 * @packageDocumentation
 */
export * from './module.js';
export * from './parameter.js';
export * from './errors.js';
export { Sequential } from './containers/sequential.js';
export { ModuleList } from './containers/module-list.js';
export { ModuleDict } from './containers/module-dict.js';
export { ParameterList } from './containers/parameter-list.js';
export * from './layers/index.js';
export * as functional from './functional/index.js';
export * as F from './functional/index.js';
export * as init from './init.js';
export * as utils from './utils/index.js';
export * from './serialization/index.js';
