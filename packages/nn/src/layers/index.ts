/**
 * The layers (PyTorch's `torch.nn` module classes).
 * @module
 */
export { Identity, Linear, Bilinear, type FactoryKwargs, type LinearOptions } from './linear.js';
export { Flatten, Unflatten } from './flatten.js';
export {
  ConvNd, Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d,
  type PaddingMode, type ConvLayerOptions, type ConvTransposeLayerOptions,
} from './conv.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d } from './pooling.js';
export {
  BatchNormNd, BatchNorm1d, BatchNorm2d, LayerNorm, GroupNorm,
  type BatchNormOptions, type LayerNormOptions, type GroupNormOptions,
} from './normalization.js';
export { Dropout, Dropout1d, Dropout2d } from './dropout.js';
export { Embedding, type EmbeddingLayerOptions } from './embedding.js';
export {
  RNNBase, RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, type RNNOptions,
} from './rnn.js';
export {
  ReLU, ReLU6, Hardtanh, LeakyReLU, ELU, CELU, SELU, GELU, SiLU, Mish, Hardsigmoid, Hardswish, Sigmoid, Tanh,
  LogSigmoid, Softsign, Tanhshrink, Softplus, Softshrink, Hardshrink, Threshold, PReLU, GLU, Softmax, Softmin,
  LogSoftmax,
} from './activation.js';
export {
  Loss, WeightedLoss, MSELoss, L1Loss, SmoothL1Loss, HuberLoss, NLLLoss, CrossEntropyLoss, BCELoss,
  BCEWithLogitsLoss, KLDivLoss,
  type LossOptions, type WeightedLossOptions, type NLLLossOptions, type CrossEntropyLossOptions,
  type BCEWithLogitsLossOptions, type KLDivLossOptions,
} from './loss.js';
