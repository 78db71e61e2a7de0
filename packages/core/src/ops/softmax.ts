/**
 * `softmax` and `logSoftmax` along a dim: the backend's fused kernel when it has one
 * (`backend.fused.softmax`, last dim of a contiguous tensor), else composed from primitives
 * (max-subtract, exp, sum, divide), numerically stable either way.
 *
 * Ops recorded for autograd: `softmax` and `logSoftmax`, inputs `[x]`, outputs `[result]`,
 * args `{ dim, inputDtype }` (`dim` normalised; the result may have another dtype when the
 * `dtype` option was given, and the gradient is cast back to `inputDtype`). Both derivatives
 * need only the output: softmax `y * (g - sum(g * y, dim))`, logSoftmax `g - exp(y) * sum(g, dim)`.
 * @module
 */
import type { View } from '../backend.js';
import { type DTypeLike, toDType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  castTo, commonDevice, contiguousOf, emptyTensor, installMethods, type OutOption, record, scalarTypeName, writeOut,
} from './helpers.js';
import { binaryNoRecord } from './binary.js';
import { disposeTemps, isOptions, reduceRaw, unaryRaw } from './reduction.js';

/** Options of `softmax` / `logSoftmax`. */
export interface SoftmaxOptions extends OutOption {
  /** The dim to normalise over (required, positionally or here). */
  dim?: number;
  /** Cast the input to this dtype first (also the result's dtype). */
  dtype?: DTypeLike;
}

/** The view of `t` with dims `a` and `b` swapped. */
function swapped(t: Tensor, a: number, b: number): View {
  const shape = [...t._shape], strides = [...t._strides];
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  return { buffer: t._storage.buffer, shape, strides, offset: t._offset };
}

/** @internal softmax / log-softmax of a float tensor along normalised `dim` (not recorded). */
export function softmaxRaw(x: Tensor, dim: number, log: boolean): Tensor {
  const backend = x._storage.backend;
  if (x.numel() === 0) return emptyTensor(x._shape, x.dtype, x.device);
  const fused = backend.fused?.softmax;
  const last = Math.max(x.dim() - 1, 0);
  if (fused) {
    const out = emptyTensor(x._shape, x.dtype, x.device);
    if (dim === last) {
      const src = contiguousOf(x);
      fused.call(backend.fused, src._view(), log, out._view());
      disposeTemps([x], src);
    } else {
      // Move `dim` last (one copy), run the kernel, copy back in place.
      const moved = swapped(x, dim, last);
      const src = emptyTensor(moved.shape, x.dtype, x.device);
      backend.copy(moved, src._view());
      const tmp = emptyTensor(moved.shape, x.dtype, x.device);
      fused.call(backend.fused, src._view(), log, tmp._view());
      backend.copy(swapped(tmp, dim, last), out._view());
      disposeTemps([], src, tmp);
    }
    return out;
  }
  const dims = x.dim() === 0 ? [] : [dim];
  const m = reduceRaw('max', x, dims, true, x.dtype);
  const shifted = binaryNoRecord('sub', x, m);
  const e = unaryRaw('exp', shifted);
  const s = reduceRaw('sum', e, dims, true, x.dtype);
  let result: Tensor;
  if (log) {
    const l = unaryRaw('log', s);
    result = binaryNoRecord('sub', shifted, l);
    l.dispose();
  } else {
    result = binaryNoRecord('div', e, s);
  }
  disposeTemps([result], m, shifted, e, s);
  return result;
}

function softmaxImpl(log: boolean, x: Tensor, dimArg: number | SoftmaxOptions | undefined, opts: SoftmaxOptions = {}): Tensor {
  const name = log ? 'log_softmax' : 'softmax';
  if (isOptions(dimArg)) {
    opts = dimArg as SoftmaxOptions;
    dimArg = opts.dim;
  }
  if (dimArg === undefined || dimArg === null) {
    throw new TypeError(`${name}() missing 1 required positional argument: "dim"`);
  }
  commonDevice(name, x);
  const src = opts.dtype !== undefined && opts.dtype !== null ? castTo(x, toDType(opts.dtype)) : x;
  const dim = normalizeDim(dimArg as number, src.dim());
  if (!src.dtype.isFloatingPoint) {
    // PyTorch 1.13 names its last-dim kernels per op, the others both `softmax_kernel_impl`.
    const kernel = dim === Math.max(src.dim() - 1, 0) ? `${name}_lastdim_kernel_impl` : 'softmax_kernel_impl';
    throw new RuntimeError(`"${kernel}" not implemented for '${scalarTypeName(src.dtype)}'`);
  }
  const result = softmaxRaw(src, dim, log);
  disposeTemps([x], src);
  record(log ? 'logSoftmax' : 'softmax', [x], [result], { dim, inputDtype: x.dtype });
  return writeOut(result, opts.out);
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * `exp(x) / sum(exp(x))` along `dim` (required, as PyTorch's implicit dim is deprecated).
     *
     * @example
     * ```ts
     * const probs = logits.softmax(1);
     * const p64 = logits.softmax(-1, { dtype: torch.float64 });
     * ```
     */
    softmax(dim: number, options?: SoftmaxOptions): Tensor;
    /** Softmax along `options.dim`. */
    softmax(options: SoftmaxOptions & { dim: number }): Tensor;
    /** `log(softmax(x))` along `dim`, computed stably. */
    logSoftmax(dim: number, options?: SoftmaxOptions): Tensor;
    /** Log-softmax along `options.dim`. */
    logSoftmax(options: SoftmaxOptions & { dim: number }): Tensor;
  }
}

installMethods({
  softmax(this: Tensor, dim: number | SoftmaxOptions, options?: SoftmaxOptions) {
    return softmaxImpl(false, this, dim, options);
  },
  logSoftmax(this: Tensor, dim: number | SoftmaxOptions, options?: SoftmaxOptions) {
    return softmaxImpl(true, this, dim, options);
  },
});

/**
 * `torch.softmax(x, dim, { dtype, out })`.
 *
 * @example
 * ```ts
 * torch.softmax(torch.tensor([1, 2, 3], { dtype: torch.float32 }), 0);
 * // tensor([0.0900, 0.2447, 0.6652])
 * ```
 */
export function softmax(input: Tensor, dim: number, options?: SoftmaxOptions): Tensor;
export function softmax(input: Tensor, options: SoftmaxOptions & { dim: number }): Tensor;
export function softmax(input: Tensor, dim: number | SoftmaxOptions, options?: SoftmaxOptions): Tensor {
  return softmaxImpl(false, input, dim, options);
}

/** `torch.log_softmax(x, dim, { dtype, out })`. */
export function logSoftmax(input: Tensor, dim: number, options?: SoftmaxOptions): Tensor;
export function logSoftmax(input: Tensor, options: SoftmaxOptions & { dim: number }): Tensor;
export function logSoftmax(input: Tensor, dim: number | SoftmaxOptions, options?: SoftmaxOptions): Tensor {
  return softmaxImpl(true, input, dim, options);
}
