/**
 * Cumulative ops along a dim: `cumsum` and `cumprod` (and their in-place forms), on the
 * backend's `cumulative` kernel.
 *
 * Ops recorded for autograd: `cumsum` (args `{ dim, inputDtype }`) and `cumprod`
 * (args `{ dim, inputDtype }`; its derivative needs the input and the output); inputs `[x]`,
 * outputs `[result]`, `dim` normalised (0 for a 0-d input).
 * @module
 */
import { type DType, type DTypeLike, int64, toDType } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  castTo, checkCastable, commonDevice, emptyTensor, installMethods, type OutOption, record, writeOut,
} from './helpers.js';
import { runInplace } from './inplace.js';
import { disposeTemps, isOptions } from './reduction.js';

/** Options of `cumsum` / `cumprod`. */
export interface CumulativeOptions extends OutOption {
  /** The dim to scan along (required, positionally or here). */
  dim?: number;
  /** Cast the input to this dtype first (default: int64 for bool and integer inputs). */
  dtype?: DTypeLike;
}

type CumOp = 'sum' | 'prod';

/** @internal The inclusive scan of `x` (already in the result dtype) along normalised `dim`. */
export function cumulativeRaw(op: CumOp, x: Tensor, dim: number): Tensor {
  const out = emptyTensor(x._shape, x.dtype, x.device);
  if (x.numel() > 0) x._storage.backend.cumulative(op, x._view(), dim, out._view());
  return out;
}

function resultDtype(x: Tensor, dtype: DTypeLike | undefined | null): DType {
  if (dtype !== undefined && dtype !== null) return toDType(dtype);
  return x.dtype.isFloatingPoint ? x.dtype : int64;
}

function parse(dimArg: number | CumulativeOptions | undefined, opts: CumulativeOptions | undefined, name: string) {
  let o = opts ?? {};
  let dim = dimArg;
  if (isOptions(dimArg)) {
    o = dimArg as CumulativeOptions;
    dim = o.dim;
  }
  if (dim === undefined || dim === null) throw new TypeError(`${name}() missing 1 required positional argument: "dim"`);
  return { dim: dim as number, opts: o };
}

function cumulative(op: CumOp, x: Tensor, dimArg: number | CumulativeOptions | undefined, options?: CumulativeOptions): Tensor {
  const name = op === 'sum' ? 'cumsum' : 'cumprod';
  commonDevice(name, x);
  const { dim, opts } = parse(dimArg, options, name);
  const d = normalizeDim(dim, x.dim());
  const src = castTo(x, resultDtype(x, opts.dtype));
  const result = cumulativeRaw(op, src, d);
  disposeTemps([x], src);
  record(name, [x], [result], { dim: d, inputDtype: x.dtype });
  return writeOut(result, opts.out);
}

function cumulativeInplace(op: CumOp, self: Tensor, dimArg: number | CumulativeOptions | undefined): Tensor {
  const name = op === 'sum' ? 'cumsum' : 'cumprod';
  const { dim } = parse(dimArg, undefined, name);
  const d = normalizeDim(dim, self.dim());
  checkCastable(resultDtype(self, null), self.dtype);
  return runInplace(name, self, [], { dim: d, inputDtype: self.dtype }, () => {
    // The kernel scans line by line, so a separate output keeps it independent of aliasing.
    const result = cumulativeRaw(op, self, d);
    self._storage.backend.copy(result._view(), self._view());
    result.dispose();
  });
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Cumulative sum along `dim`; bool and integer inputs give int64 unless `dtype` is given.
     *
     * @example
     * ```ts
     * torch.tensor([1, 2, 3]).cumsum(0); // tensor([1, 3, 6])
     * ```
     */
    cumsum(dim: number, options?: CumulativeOptions): Tensor;
    /** Cumulative sum along `options.dim`. */
    cumsum(options: CumulativeOptions & { dim: number }): Tensor;
    /** Cumulative product along `dim`; bool and integer inputs give int64 unless `dtype` is given. */
    cumprod(dim: number, options?: CumulativeOptions): Tensor;
    /** Cumulative product along `options.dim`. */
    cumprod(options: CumulativeOptions & { dim: number }): Tensor;
    /** In-place cumulative sum along `dim`. */
    cumsum_(dim: number): Tensor;
    /** In-place cumulative product along `dim`. */
    cumprod_(dim: number): Tensor;
  }
}

installMethods({
  cumsum(this: Tensor, dim: number | CumulativeOptions, options?: CumulativeOptions) {
    return cumulative('sum', this, dim, options);
  },
  cumprod(this: Tensor, dim: number | CumulativeOptions, options?: CumulativeOptions) {
    return cumulative('prod', this, dim, options);
  },
  cumsum_(this: Tensor, dim: number) {
    return cumulativeInplace('sum', this, dim);
  },
  cumprod_(this: Tensor, dim: number) {
    return cumulativeInplace('prod', this, dim);
  },
});

/** `torch.cumsum(x, dim, { dtype, out })`. */
export function cumsum(input: Tensor, dim: number, options?: CumulativeOptions): Tensor;
export function cumsum(input: Tensor, options: CumulativeOptions & { dim: number }): Tensor;
export function cumsum(input: Tensor, dim: number | CumulativeOptions, options?: CumulativeOptions): Tensor {
  return cumulative('sum', input, dim, options);
}

/** `torch.cumprod(x, dim, { dtype, out })`. */
export function cumprod(input: Tensor, dim: number, options?: CumulativeOptions): Tensor;
export function cumprod(input: Tensor, options: CumulativeOptions & { dim: number }): Tensor;
export function cumprod(input: Tensor, dim: number | CumulativeOptions, options?: CumulativeOptions): Tensor {
  return cumulative('prod', input, dim, options);
}
