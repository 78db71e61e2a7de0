/**
 * Sorting and selection along a dim: `sort`, `argsort`, `topk`, `kthvalue`, `median`, on the
 * backend's stable `sort` kernel (NaN sorts as the largest value, as in PyTorch).
 *
 * Ops recorded for autograd (inputs `[x]`, `dim` normalised, `inputShape` is x's shape):
 * - `sort`, `topk`: outputs `[values, indices]`, args `{ dim, inputShape }`; the gradient of
 *   values goes back to `indices` along `dim` (a scatter into zeros).
 * - `kthvalue`, `median` with a dim: outputs `[values, indices]`, args `{ dim, keepdim, inputShape }`
 *   (as `max` with a dim).
 * - `median` without a dim: output 0-d, args `{ dims: all, keepdim: false, inputShape }`: the
 *   gradient is split evenly between the elements equal to the result, as `amax`'s.
 * `argsort` is not differentiable and not recorded.
 * @module
 */
import { bool, int64 } from '../dtype.js';
import { IndexError, RuntimeError } from '../errors.js';
import { normalizeDim } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  broadcastView, commonDevice, emptyTensor, installMethods, type OutOption, record, scalarTensor,
} from './helpers.js';
import { binaryNoRecord } from './binary.js';
import {
  disposeTemps, type PairOutOption, reduceRaw, reducedShape, reshapeOwned, splitOptions,
  type ValuesIndices, valuesIndices, writePairOut,
} from './reduction.js';

/** Options of `sort` / `argsort`. */
export interface SortOptions extends PairOutOption {
  /** The dim to sort along (default -1). */
  dim?: number;
  /** Largest first (default false). */
  descending?: boolean;
  /** Keep equal elements in their original order (the sort is always stable here). */
  stable?: boolean;
}

/** Options of `topk`. */
export interface TopkOptions extends PairOutOption {
  /** The dim to select along (default -1). */
  dim?: number;
  /** The k largest (default) or the k smallest. */
  largest?: boolean;
  /** Return them sorted (they always are here; PyTorch leaves the order unspecified otherwise). */
  sorted?: boolean;
}

/** Options of `kthvalue` / `median`. */
export interface KthOptions extends PairOutOption {
  /** The dim to select along (default -1 for kthvalue; median without a dim flattens). */
  dim?: number;
  /** Keep the reduced dim with size 1 (default false). */
  keepdim?: boolean;
}

/** @internal Stable sort of `x` along normalised `dim`: `[values, indices]` (not recorded). */
export function sortRaw(x: Tensor, dim: number, descending: boolean): [Tensor, Tensor] {
  const values = emptyTensor(x._shape, x.dtype, x.device);
  const indices = emptyTensor(x._shape, int64, x.device);
  if (x.numel() > 0) {
    x._storage.backend.sort(x._view(), dim, descending, values._view(), indices._view());
  }
  return [values, indices];
}

/** A contiguous copy of `t.narrow(dim, start, length)` (internal, not recorded). */
function narrowCopy(t: Tensor, dim: number, start: number, length: number, keep = true): Tensor {
  const shape = [...t._shape];
  if (shape.length === 0) return t;
  shape[dim] = length;
  const src = { buffer: t._storage.buffer, shape, strides: t._strides, offset: t._offset + start * t._strides[dim]! };
  const out = emptyTensor(keep ? shape : shape.filter((_, i) => i !== dim), t.dtype, t.device);
  t._storage.backend.copy(src, { ...out._view(), shape, strides: keep ? out._strides : stridesWithDim(out._strides, dim) });
  return out;
}

/** Contiguous strides of a squeezed tensor, with a (size-1) dim re-inserted at `dim`. */
function stridesWithDim(strides: readonly number[], dim: number): number[] {
  const s = [...strides];
  s.splice(dim, 0, 0);
  return s;
}

function sortImpl(x: Tensor, args: readonly unknown[]): ValuesIndices {
  commonDevice('sort', x);
  const { pos, opts } = splitOptions<SortOptions>(args);
  // sort(stable?, dim, descending) is not a form here: booleans after dim are `descending`.
  const dim = pos.length > 0 ? (pos[0] as number) : (opts.dim ?? -1);
  const descending = pos.length > 1 ? Boolean(pos[1]) : (opts.descending ?? false);
  const d = normalizeDim(dim, x.dim());
  const [values, indices] = sortRaw(x, d, descending);
  record('sort', [x], [values, indices], { dim: d, inputShape: [...x._shape] });
  return writePairOut(valuesIndices(values, indices, 'sort'), opts.out, 'sort');
}

function argsortImpl(x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice('argsort', x);
  const { pos, opts } = splitOptions<SortOptions & OutOption>(args);
  const dim = pos.length > 0 ? (pos[0] as number) : (opts.dim ?? -1);
  const descending = pos.length > 1 ? Boolean(pos[1]) : (opts.descending ?? false);
  const [values, indices] = sortRaw(x, normalizeDim(dim, x.dim()), descending);
  values.dispose();
  return indices;
}

function topkImpl(x: Tensor, k: number, args: readonly unknown[]): ValuesIndices {
  commonDevice('topk', x);
  const { pos, opts } = splitOptions<TopkOptions>(args);
  const dim = pos.length > 0 ? (pos[0] as number) : (opts.dim ?? -1);
  const largest = pos.length > 1 ? Boolean(pos[1]) : (opts.largest ?? true);
  const d = normalizeDim(dim, x.dim());
  const size = x.dim() === 0 ? 1 : x._shape[d]!;
  if (!Number.isInteger(k) || k < 0 || k > size) throw new RuntimeError('selected index k out of range');
  const [sv, si] = sortRaw(x, d, largest);
  const values = narrowCopy(sv, d, 0, k), indices = narrowCopy(si, d, 0, k);
  disposeTemps([values, indices], sv, si);
  record('topk', [x], [values, indices], { dim: d, inputShape: [...x._shape] });
  return writePairOut(valuesIndices(values, indices, 'topk'), opts.out, 'topk');
}

function kthvalueImpl(x: Tensor, k: number, args: readonly unknown[]): ValuesIndices {
  commonDevice('kthvalue', x);
  const { pos, opts } = splitOptions<KthOptions>(args);
  const dim = pos.length > 0 ? (pos[0] as number) : (opts.dim ?? -1);
  const keepdim = pos.length > 1 ? Boolean(pos[1]) : (opts.keepdim ?? false);
  const d = normalizeDim(dim, x.dim());
  const size = x.dim() === 0 ? 1 : x._shape[d]!;
  if (size === 0) throw new IndexError(`kthvalue(): Expected reduction dim ${d} to have non-zero size.`);
  if (!Number.isInteger(k) || k < 1 || k > size) {
    throw new RuntimeError(`kthvalue(): selected number k out of range for dimension ${d}`);
  }
  const [sv, si] = sortRaw(x, d, false);
  const values = narrowCopy(sv, d, k - 1, 1, keepdim), indices = narrowCopy(si, d, k - 1, 1, keepdim);
  disposeTemps([values, indices], sv, si);
  record('kthvalue', [x], [values, indices], { dim: d, keepdim, inputShape: [...x._shape] });
  return writePairOut(valuesIndices(values, indices, 'kthvalue'), opts.out, 'kthvalue');
}

/** The lower median along `dim` (NaN, with the index of the first NaN, where a line holds one). */
function medianAlong(x: Tensor, d: number, keepdim: boolean): [Tensor, Tensor] {
  const L = x.dim() === 0 ? 1 : x._shape[d]!;
  const [sv, si] = sortRaw(x, d, false);
  const dims = x.dim() === 0 ? [] : [d];
  if (!x.dtype.isFloatingPoint || x.dim() === 0) {
    const values = narrowCopy(sv, d, (L - 1) >> 1, 1, keepdim), indices = narrowCopy(si, d, (L - 1) >> 1, 1, keepdim);
    disposeTemps([values, indices], sv, si);
    return [values, indices];
  }
  // Position of the median in each sorted line: (L-1)>>1, or that of the first NaN (NaNs sort last).
  const backend = x._storage.backend;
  const isnan = emptyTensor(x._shape, bool, x.device);
  backend.unary('isnan', x._view(), isnan._view());
  const nanCount = reduceRaw('sum', isnan, dims, true, int64);
  const zero = scalarTensor(0, int64, x.device);
  const hasNan = binaryNoRecord('gt', nanCount, zero);
  const len = scalarTensor(L, int64, x.device);
  const firstNan = binaryNoRecord('sub', len, nanCount);
  const mid = scalarTensor((L - 1) >> 1, int64, x.device);
  const posT = emptyTensor(nanCount._shape, int64, x.device);
  backend.where(hasNan._view(), firstNan._view(), broadcastView(mid, posT._shape), posT._view());
  const keepShape = reducedShape(x._shape, dims, true);
  const vKeep = emptyTensor(keepShape, x.dtype, x.device), iKeep = emptyTensor(keepShape, int64, x.device);
  backend.gather(sv._view(), d, posT._view(), vKeep._view());
  backend.gather(si._view(), d, posT._view(), iKeep._view());
  const outShape = reducedShape(x._shape, dims, keepdim);
  const values = keepdim ? vKeep : reshapeOwned(vKeep, outShape);
  const indices = keepdim ? iKeep : reshapeOwned(iKeep, outShape);
  disposeTemps([values, indices], sv, si, isnan, nanCount, zero, hasNan, len, firstNan, mid, posT, vKeep, iKeep);
  return [values, indices];
}

function medianImpl(x: Tensor, args: readonly unknown[]): Tensor | ValuesIndices {
  commonDevice('median', x);
  const { pos, opts } = splitOptions<KthOptions>(args);
  const dim = pos.length > 0 ? (pos[0] as number | null) : opts.dim;
  const keepdim = pos.length > 1 ? Boolean(pos[1]) : (opts.keepdim ?? false);
  if (dim === undefined || dim === null) {
    if (x.numel() === 0) {
      const out = emptyTensor([], x.dtype, x.device);
      x._storage.backend.fill(out._view(), NaN);
      return out;
    }
    const copy = contiguousCopy(x);
    const flat = reshapeOwned(copy, [x.numel()]);
    const [v, i] = medianAlong(flat, 0, false);
    disposeTemps([v], i, flat, copy);
    record('median', [x], [v], { dims: [...Array(x.dim()).keys()], keepdim: false, inputShape: [...x._shape] });
    return v;
  }
  const d = normalizeDim(dim, x.dim());
  if (x.dim() > 0 && x._shape[d] === 0) {
    throw new IndexError(`median(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const [values, indices] = medianAlong(x, d, keepdim);
  record('median', [x], [values, indices], { dim: d, keepdim, inputShape: [...x._shape] });
  return writePairOut(valuesIndices(values, indices, 'median'), opts.out, 'median');
}

function contiguousCopy(x: Tensor): Tensor {
  const out = emptyTensor(x._shape, x.dtype, x.device);
  x._storage.backend.copy(x._view(), out._view());
  return out;
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Sorts along `dim` (default -1): `[values, indices]` (also `.values`, `.indices`).
     * The sort is stable; NaN sorts as the largest value.
     *
     * @example
     * ```ts
     * const [values, indices] = x.sort(1, true); // descending along dim 1
     * x.sort({ dim: 0, stable: true }).indices;
     * ```
     */
    sort(dim?: number | SortOptions, descending?: boolean, options?: SortOptions): ValuesIndices;
    /** The indices that sort along `dim` (default -1). */
    argsort(dim?: number | SortOptions, descending?: boolean, options?: SortOptions): Tensor;
    /**
     * The `k` largest (or smallest) elements along `dim` (default -1), sorted: `[values, indices]`.
     *
     * @example
     * ```ts
     * const [top, idx] = logits.topk(5, 1);
     * ```
     */
    topk(k: number, dim?: number | TopkOptions, largest?: boolean, sorted?: boolean, options?: TopkOptions): ValuesIndices;
    /** The `k`-th smallest element along `dim` (default -1): `[values, indices]`. */
    kthvalue(k: number, dim?: number | KthOptions, keepdim?: boolean, options?: KthOptions): ValuesIndices;
    /** The lower median of all elements (0-d), or `[values, indices]` along `dim`. */
    median(): Tensor;
    /** The lower median along `dim` and its index, `[values, indices]`. */
    median(dim: number, keepdim?: boolean, options?: KthOptions): ValuesIndices;
    /** `[values, indices]` of the lower median along `options.dim`. */
    median(options: KthOptions & { dim: number }): ValuesIndices;
  }
}

type Args = unknown[];

installMethods({
  sort(this: Tensor, ...args: Args) { return sortImpl(this, args); },
  argsort(this: Tensor, ...args: Args) { return argsortImpl(this, args); },
  topk(this: Tensor, k: number, ...args: Args) { return topkImpl(this, k, args); },
  kthvalue(this: Tensor, k: number, ...args: Args) { return kthvalueImpl(this, k, args); },
  median(this: Tensor, ...args: Args) { return medianImpl(this, args); },
});

/** `torch.sort(x, dim?, descending?, { stable, out })` -> `[values, indices]`. */
export function sort(input: Tensor, dim?: number | SortOptions, descending?: boolean, options?: SortOptions): ValuesIndices {
  return sortImpl(input, [dim, descending, options]);
}

/** `torch.argsort(x, dim?, descending?, { stable })`. */
export function argsort(input: Tensor, dim?: number | SortOptions, descending?: boolean, options?: SortOptions): Tensor {
  return argsortImpl(input, [dim, descending, options]);
}

/** `torch.topk(x, k, dim?, largest?, sorted?)` -> `[values, indices]`. */
export function topk(
  input: Tensor, k: number, dim?: number | TopkOptions, largest?: boolean, sorted?: boolean, options?: TopkOptions,
): ValuesIndices {
  return topkImpl(input, k, [dim, largest, sorted, options]);
}

/** `torch.kthvalue(x, k, dim?, keepdim?)` -> `[values, indices]`. */
export function kthvalue(input: Tensor, k: number, dim?: number | KthOptions, keepdim?: boolean, options?: KthOptions): ValuesIndices {
  return kthvalueImpl(input, k, [dim, keepdim, options]);
}

/** `torch.median(x)` (0-d) or `torch.median(x, dim, keepdim?)` -> `[values, indices]`. */
export function median(input: Tensor): Tensor;
export function median(input: Tensor, dim: number, keepdim?: boolean, options?: KthOptions): ValuesIndices;
export function median(input: Tensor, options: KthOptions & { dim: number }): ValuesIndices;
export function median(input: Tensor, ...args: Args): Tensor | ValuesIndices {
  return medianImpl(input, args);
}
