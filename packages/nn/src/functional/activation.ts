/**
 * Activation functions (`F.relu`, `F.leakyRelu`, `F.gelu`, `F.softmax`, ...), composed from
 * core's differentiable elementwise ops with PyTorch's formulas.
 * @module
 */
import {
  logSoftmax as coreLogSoftmax, RuntimeError, softmax as coreSoftmax, where, type DTypeLike, type Tensor,
} from '@torchts/core';

/** `{ inplace }` of the activations that can modify their input. */
export interface InplaceOption {
  /** Modify the input instead of allocating the result. */
  inplace?: boolean;
}

function inplaceOf(o: boolean | InplaceOption | undefined): boolean {
  return typeof o === 'boolean' ? o : (o?.inplace ?? false);
}

/**
 * `max(0, x)`.
 *
 * @example
 * ```ts
 * F.relu(torch.tensor([-1, 0, 2])); // tensor([0, 0, 2])
 * ```
 */
export function relu(input: Tensor, inplace: boolean | InplaceOption = false): Tensor {
  return inplaceOf(inplace) ? input.relu_() : input.relu();
}

/** `min(max(0, x), 6)`. */
export function relu6(input: Tensor, inplace: boolean | InplaceOption = false): Tensor {
  return hardtanh(input, 0, 6, inplace);
}

/** `x` clamped to `[minVal, maxVal]` (default [-1, 1]). */
export function hardtanh(input: Tensor, minVal = -1, maxVal = 1, inplace: boolean | InplaceOption = false): Tensor {
  if (minVal > maxVal) throw new RuntimeError('min_val cannot be greater than max_val');
  return inplaceOf(inplace) ? input.clamp_(minVal, maxVal) : input.clamp(minVal, maxVal);
}

/** `x` where positive, `negativeSlope * x` elsewhere (default slope 0.01). */
export function leakyRelu(input: Tensor, negativeSlope = 0.01, inplace: boolean | InplaceOption = false): Tensor {
  const out = where(input.gt(0), input, input.mul(negativeSlope));
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

/** `x` where positive, `alpha * (exp(x) - 1)` elsewhere. */
export function elu(input: Tensor, alpha = 1.0, inplace: boolean | InplaceOption = false): Tensor {
  const out = where(input.gt(0), input, input.exp().sub(1).mul(alpha));
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

/** `max(0, x) + min(0, alpha * (exp(x / alpha) - 1))`. */
export function celu(input: Tensor, alpha = 1.0, inplace: boolean | InplaceOption = false): Tensor {
  const out = where(input.gt(0), input, input.div(alpha).exp().sub(1).mul(alpha));
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** `scale * elu(x, alpha)` with the self-normalising constants. */
export function selu(input: Tensor, inplace: boolean | InplaceOption = false): Tensor {
  const out = where(input.gt(0), input.mul(SELU_SCALE), input.exp().sub(1).mul(SELU_ALPHA * SELU_SCALE));
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

/** Options of {@link gelu}. */
export interface GeluOptions {
  /** `'none'` (exact, with erf; default) or `'tanh'` (the tanh approximation). */
  approximate?: 'none' | 'tanh';
}

/** `x * Phi(x)`, Phi the standard normal CDF (or its tanh approximation). */
export function gelu(input: Tensor, options: GeluOptions | 'none' | 'tanh' = {}): Tensor {
  const approximate = typeof options === 'string' ? options : (options.approximate ?? 'none');
  if (approximate === 'none') return input.gelu();
  if (approximate !== 'tanh') throw new RuntimeError(`approximate argument must be either none or tanh.`);
  const kBeta = Math.SQRT2 * (2 / Math.sqrt(Math.PI)) * 0.5;
  const inner = input.add(input.mul(input).mul(input).mul(0.044715)).mul(kBeta);
  return input.mul(0.5).mul(inner.tanh().add(1));
}

/** `x * sigmoid(x)` (swish). */
export function silu(input: Tensor, inplace: boolean | InplaceOption = false): Tensor {
  return inplaceOf(inplace) ? input.silu_() : input.silu();
}

/** `x * tanh(softplus(x))`. */
export function mish(input: Tensor, inplace: boolean | InplaceOption = false): Tensor {
  const out = input.mul(softplus(input).tanh());
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

/** `1 / (1 + exp(-x))`. */
export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

/** `relu6(x + 3) / 6`. */
export function hardsigmoid(input: Tensor, inplace: boolean | InplaceOption = false): Tensor {
  const out = input.add(3).clamp(0, 6).div(6);
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

/** `x * relu6(x + 3) / 6`. */
export function hardswish(input: Tensor, inplace: boolean | InplaceOption = false): Tensor {
  const out = input.mul(input.add(3).clamp(0, 6)).div(6);
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

/** `log(sigmoid(x))`, computed stably as `min(x, 0) - log1p(exp(-|x|))`. */
export function logsigmoid(input: Tensor): Tensor {
  return input.clamp({ max: 0 }).sub(input.abs().neg().exp().log1p());
}

/** `tanh(x)`. */
export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** `x - tanh(x)`. */
export function tanhshrink(input: Tensor): Tensor {
  return input.sub(input.tanh());
}

/** Options of {@link softplus}. */
export interface SoftplusOptions {
  /** Default 1. */
  beta?: number;
  /** Above `beta * x > threshold` the result is x itself (default 20). */
  threshold?: number;
}

/** `log(1 + exp(beta * x)) / beta`, linear past the threshold. */
export function softplus(input: Tensor, beta: number | SoftplusOptions = 1, threshold = 20): Tensor {
  const o = typeof beta === 'object' ? beta : { beta, threshold };
  const b = o.beta ?? 1, t = o.threshold ?? 20;
  const bx = input.mul(b);
  return where(bx.gt(t), input, bx.exp().log1p().div(b));
}

/** `x / (1 + |x|)`. */
export function softsign(input: Tensor): Tensor {
  return input.div(input.abs().add(1));
}

/** `x - lambd` above `lambd`, `x + lambd` below `-lambd`, 0 between (default 0.5). */
export function softshrink(input: Tensor, lambd = 0.5): Tensor {
  if (lambd < 0) throw new RuntimeError(`lambda must be greater or equal to 0, but found to be ${lambd}.`);
  return where(input.gt(lambd), input.sub(lambd), where(input.lt(-lambd), input.add(lambd), 0));
}

/** `x` where `|x| > lambd`, 0 elsewhere (default 0.5). */
export function hardshrink(input: Tensor, lambd = 0.5): Tensor {
  return where(input.gt(lambd).logicalOr(input.lt(-lambd)), input, 0);
}

/** `x` where `x > threshold`, `value` elsewhere. */
export function threshold(input: Tensor, thresholdValue: number, value: number, inplace: boolean | InplaceOption = false): Tensor {
  const out = where(input.gt(thresholdValue), input, value);
  return inplaceOf(inplace) ? input.copy_(out) : out;
}

/** `x` where positive, `weight * x` elsewhere; `weight` has 1 or C (dim 1) elements. */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  let w = weight;
  if (weight.numel() !== 1) {
    const C = input.dim() >= 2 ? input.size(1) : 1;
    if (weight.numel() !== C) {
      throw new RuntimeError(
        `Mismatch of parameter numbers and input channel size. Found parameter numbers = ${weight.numel()} and channel size = ${C}.`,
      );
    }
    const shape = Array<number>(input.dim()).fill(1);
    shape[1] = C;
    w = weight.reshape(...shape);
  }
  return where(input.gt(0), input, input.mul(w));
}

/** Gated linear unit: splits `dim` in halves `a`, `b` and returns `a * sigmoid(b)`. */
export function glu(input: Tensor, dim = -1): Tensor {
  const n = input.size(dim);
  if (n % 2 !== 0) throw new RuntimeError(`Halving dimension must be even, but dimension ${dim < 0 ? dim + input.dim() : dim} is size ${n}`);
  const [a, b] = input.chunk(2, dim) as [Tensor, Tensor];
  return a.mul(b.sigmoid());
}

/** PyTorch's legacy implicit softmax dim: 0 for 0-, 1- and 3-d inputs, else 1. */
function implicitDim(input: Tensor): number {
  const nd = input.dim();
  return nd === 0 || nd === 1 || nd === 3 ? 0 : 1;
}

/** Options of the softmax family. */
export interface SoftmaxOptions {
  /** The dim to normalise over. */
  dim?: number;
  /** Cast the input to this dtype first. */
  dtype?: DTypeLike;
}

function softArgs(input: Tensor, dim: number | SoftmaxOptions | null | undefined, o?: SoftmaxOptions) {
  const opts: SoftmaxOptions = typeof dim === 'object' && dim !== null ? dim : { ...o, dim: dim ?? o?.dim };
  const d = opts.dim ?? implicitDim(input);
  return { dim: d, dtype: opts.dtype };
}

/**
 * `exp(x) / sum(exp(x))` along `dim`.
 *
 * @example
 * ```ts
 * F.softmax(logits, 1);
 * F.softmax(logits, { dim: -1, dtype: torch.float64 });
 * ```
 */
export function softmax(input: Tensor, dim?: number | SoftmaxOptions | null, options?: SoftmaxOptions): Tensor {
  const a = softArgs(input, dim, options);
  return coreSoftmax(input, a.dim, a.dtype !== undefined ? { dtype: a.dtype } : undefined);
}

/** `softmax(-x)` along `dim`. */
export function softmin(input: Tensor, dim?: number | SoftmaxOptions | null, options?: SoftmaxOptions): Tensor {
  const a = softArgs(input, dim, options);
  return coreSoftmax(input.neg(), a.dim, a.dtype !== undefined ? { dtype: a.dtype } : undefined);
}

/** `log(softmax(x))` along `dim`, computed stably. */
export function logSoftmax(input: Tensor, dim?: number | SoftmaxOptions | null, options?: SoftmaxOptions): Tensor {
  const a = softArgs(input, dim, options);
  return coreLogSoftmax(input, a.dim, a.dtype !== undefined ? { dtype: a.dtype } : undefined);
}
