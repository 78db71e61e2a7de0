/**
 * Activation layers (`nn.ReLU`, `nn.LeakyReLU`, `nn.GELU`, `nn.Softmax`, ...), thin modules
 * over the functional forms, printed as PyTorch prints them.
 * @module
 */
import { full, type Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { FactoryKwargs } from './linear.js';
import { pyFloat, pyStr } from './repr.js';

/** A number as Python prints the value the user passed (ints stay ints). */
function pyNum(v: number): string {
  return Number.isInteger(v) ? String(v) : pyFloat(v);
}

/** The common part of the activations with an `inplace` flag. */
abstract class InplaceActivation extends Module<[Tensor], Tensor> {
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(inplace: boolean | { inplace?: boolean } = false) {
    super();
    this.inplace = typeof inplace === 'object' ? (inplace.inplace ?? false) : inplace;
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/**
 * `max(0, x)`.
 *
 * @example
 * ```ts
 * new nn.ReLU()(torch.tensor([-1, 2])); // tensor([0, 2])
 * ```
 */
export class ReLU extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
}

/** `x` clamped to `[minVal, maxVal]` (default [-1, 1]). */
export class Hardtanh extends Module<[Tensor], Tensor> {
  /** Lower end of the linear region (default -1). */
  minVal: number;
  /** Upper end of the linear region (default 1). */
  maxVal: number;
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(minVal = -1.0, maxVal = 1.0, inplace = false) {
    super();
    if (maxVal <= minVal) throw new Error('max_val must be larger than min_val');
    this.minVal = minVal;
    this.maxVal = maxVal;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal, this.inplace);
  }
  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** `min(max(0, x), 6)`. */
export class ReLU6 extends Hardtanh {
  constructor(inplace = false) {
    super(0.0, 6.0, inplace);
  }
  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}

/** `x` where positive, `negativeSlope * x` elsewhere (default 0.01). */
export class LeakyReLU extends Module<[Tensor], Tensor> {
  /** Slope for negative inputs (default 0.01). */
  negativeSlope: number;
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(negativeSlope = 1e-2, inplace = false) {
    super();
    this.negativeSlope = negativeSlope;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope, this.inplace);
  }
  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** `x` where positive, `alpha * (exp(x) - 1)` elsewhere. */
export class ELU extends Module<[Tensor], Tensor> {
  /** The alpha of alpha * (exp(x) - 1) for x <= 0 (default 1). */
  alpha: number;
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(alpha = 1.0, inplace = false) {
    super();
    this.alpha = alpha;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`. */
export class CELU extends ELU {
  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
}

/** Scaled ELU with the self-normalising constants. */
export class SELU extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.selu(input, this.inplace);
  }
}

/** `x * Phi(x)` (exact, or the tanh approximation). */
export class GELU extends Module<[Tensor], Tensor> {
  /** `'none'` (exact, erf) or `'tanh'` (the tanh approximation). */
  approximate: 'none' | 'tanh';
  constructor(approximate: 'none' | 'tanh' | { approximate?: 'none' | 'tanh' } = 'none') {
    super();
    this.approximate = typeof approximate === 'object' ? (approximate.approximate ?? 'none') : approximate;
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, this.approximate);
  }
  override extraRepr(): string {
    return `approximate=${pyStr(this.approximate)}`;
  }
}

/** `x * sigmoid(x)` (swish). */
export class SiLU extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.silu(input, this.inplace);
  }
}

/** `x * tanh(softplus(x))`. */
export class Mish extends InplaceActivation {
  override forward(input: Tensor): Tensor {
    return F.mish(input, this.inplace);
  }
}

/** `relu6(x + 3) / 6`. */
export class Hardsigmoid extends Module<[Tensor], Tensor> {
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(inplace = false) {
    super();
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.hardsigmoid(input, this.inplace);
  }
}

/** `x * relu6(x + 3) / 6`. */
export class Hardswish extends Module<[Tensor], Tensor> {
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(inplace = false) {
    super();
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.hardswish(input, this.inplace);
  }
}

/** `1 / (1 + exp(-x))`. */
export class Sigmoid extends Module<[Tensor], Tensor> {
  override forward(input: Tensor): Tensor {
    return input.sigmoid();
  }
}

/** `tanh(x)`. */
export class Tanh extends Module<[Tensor], Tensor> {
  override forward(input: Tensor): Tensor {
    return input.tanh();
  }
}

/** `log(sigmoid(x))`. */
export class LogSigmoid extends Module<[Tensor], Tensor> {
  override forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}

/** `x / (1 + |x|)`. */
export class Softsign extends Module<[Tensor], Tensor> {
  override forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

/** `x - tanh(x)`. */
export class Tanhshrink extends Module<[Tensor], Tensor> {
  override forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}

/** `log(1 + exp(beta * x)) / beta`, linear above `threshold`. */
export class Softplus extends Module<[Tensor], Tensor> {
  /** The beta of log(1 + exp(beta * x)) / beta (default 1). */
  beta: number;
  /** Above beta * x > threshold the function is linear (default 20). */
  threshold: number;
  constructor(beta = 1, threshold = 20) {
    super();
    this.beta = beta;
    this.threshold = threshold;
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extraRepr(): string {
    return `beta=${pyNum(this.beta)}, threshold=${pyNum(this.threshold)}`;
  }
}

/** Soft shrinkage with threshold `lambd` (default 0.5). */
export class Softshrink extends Module<[Tensor], Tensor> {
  /** Half-width of the zeroed band (default 0.5). */
  lambd: number;
  constructor(lambd = 0.5) {
    super();
    this.lambd = lambd;
  }
  override forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return pyFloat(this.lambd);
  }
}

/** Hard shrinkage with threshold `lambd` (default 0.5). */
export class Hardshrink extends Softshrink {
  override forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }
}

/** `x` above `threshold`, `value` elsewhere. */
export class Threshold extends Module<[Tensor], Tensor> {
  /** Inputs at or below it are replaced. */
  threshold: number;
  /** What replaces them. */
  value: number;
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(threshold: number, value: number, inplace = false) {
    super();
    this.threshold = threshold;
    this.value = value;
    this.inplace = inplace;
  }
  override forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extraRepr(): string {
    return `threshold=${pyNum(this.threshold)}, value=${pyNum(this.value)}${this.inplace ? ', inplace=True' : ''}`;
  }
}

/** Leaky ReLU with a learned slope (one, or one per channel), initialised to `init`. */
export class PReLU extends Module<[Tensor], Tensor> {
  /** Number of learned slopes: 1, or the number of channels. */
  numParameters: number;
  /** The learned negative slopes, `[numParameters]`. */
  weight: Parameter;
  constructor(numParameters = 1, init = 0.25, factory: FactoryKwargs = {}) {
    super();
    this.numParameters = numParameters;
    this.weight = new Parameter(full([numParameters], init, factory));
  }
  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

/** Gated linear unit along `dim` (default -1). */
export class GLU extends Module<[Tensor], Tensor> {
  /** The dim split in two halves (default -1). */
  dim: number;
  constructor(dim = -1) {
    super();
    this.dim = dim;
  }
  override forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** The softmax family's shared part: the dim (null: PyTorch's legacy implicit choice). */
abstract class SoftmaxBase extends Module<[Tensor], Tensor> {
  /** The dim along which it normalizes (null: PyTorch's legacy implicit choice). */
  dim: number | null;
  constructor(dim: number | null | { dim?: number | null } = null) {
    super();
    this.dim = typeof dim === 'object' && dim !== null ? (dim.dim ?? null) : dim;
  }
  override extraRepr(): string {
    return `dim=${this.dim === null ? 'None' : this.dim}`;
  }
}

/**
 * Softmax along `dim`.
 *
 * @example
 * ```ts
 * new nn.Softmax(1)(logits).sum(1); // ones
 * ```
 */
export class Softmax extends SoftmaxBase {
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
}

/** Softmin (softmax of -x) along `dim`. */
export class Softmin extends SoftmaxBase {
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this.dim);
  }
}

/** Log-softmax along `dim`. */
export class LogSoftmax extends SoftmaxBase {
  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
}
