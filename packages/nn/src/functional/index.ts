/**
 * `nn.functional` (also exported as `F`): the functional forms of the layers and losses.
 *
 * @example
 * ```ts
 * import { F } from '@torchts/nn';
 * const y = F.relu(F.conv2d(x, w, b, { padding: 1 }));
 * const loss = F.crossEntropy(logits, labels);
 * ```
 * @module
 */
export {
  relu, relu6, hardtanh, leakyRelu, elu, celu, selu, gelu, silu, mish, sigmoid, hardsigmoid, hardswish,
  logsigmoid, tanh, tanhshrink, softplus, softsign, softshrink, hardshrink, threshold, prelu, glu,
  softmax, softmin, logSoftmax,
  type InplaceOption, type GeluOptions, type SoftplusOptions, type SoftmaxOptions,
} from './activation.js';
export { linear, bilinear } from './linear.js';
export {
  conv1d, conv2d, convTranspose1d, convTranspose2d, unfold,
  type ConvOptions, type ConvTransposeOptions, type UnfoldOptions,
} from './conv.js';
export {
  maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool1d, adaptiveAvgPool2d,
  type MaxPoolOptions, type AvgPoolOptions,
} from './pooling.js';
export {
  batchNorm, layerNorm, groupNorm, instanceNorm, normalize,
  type BatchNormOptions, type NormOptions, type InstanceNormOptions, type NormalizeOptions,
} from './normalization.js';
export { dropout, dropout1d, dropout2d, type DropoutOptions } from './dropout.js';
export { embedding, oneHot, type EmbeddingOptions } from './embedding.js';
export { pad, type PadMode, type PadOptions } from './pad.js';
export { interpolate, type InterpolateMode, type InterpolateOptions } from './interpolate.js';
export {
  mseLoss, l1Loss, smoothL1Loss, huberLoss, nllLoss, crossEntropy, binaryCrossEntropy,
  binaryCrossEntropyWithLogits, klDiv,
  type ReductionOptions, type SmoothL1Options, type HuberOptions, type NllLossOptions, type CrossEntropyOptions,
  type BceOptions, type BceWithLogitsOptions, type KlDivOptions,
} from './loss.js';
export type { Reduction } from './utils.js';
