/**
 * @torchts/optim: optimizers and learning-rate schedulers, as `torch.optim`.
 * Most users import the umbrella instead: `import * as torch from 'torchts'; torch.optim.SGD`.
 *
 * @example
 * ```ts
 * import { SGD, lrScheduler } from '@torchts/optim';
 * const optimizer = new SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
 * const scheduler = new lrScheduler.StepLR(optimizer, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   for (const [x, y] of batches) {
 *     optimizer.zeroGrad();
 *     criterion.forward(net.forward(x), y).backward();
 *     optimizer.step();
 *   }
 *   scheduler.step();
 * }
 * ```
 * @packageDocumentation
 */
export {
  Optimizer, required, type BaseOptions, type Closure, type OptimizerStateDict, type ParamGroup, type ParamGroupInput,
  type ParamsInput, type ZeroGradOptions,
} from './optimizer.js';
export { SGD, type SGDOptions, type SGDDefaults, type SGDState } from './sgd.js';
export { Adam, type AdamOptions, type AdamDefaults, type AdamState } from './adam.js';
export { AdamW, type AdamWOptions, type AdamWDefaults, type AdamWState } from './adamw.js';
export { RMSprop, type RMSpropOptions, type RMSpropDefaults, type RMSpropState } from './rmsprop.js';
export { Adagrad, type AdagradOptions, type AdagradDefaults, type AdagradState } from './adagrad.js';
export { Adadelta, type AdadeltaOptions, type AdadeltaDefaults, type AdadeltaState } from './adadelta.js';
export { KeyError } from './errors.js';
export * as lrScheduler from './lr-scheduler/index.js';
