/**
 * Index-driven ops along a dim: `gather`, `scatter`/`scatter_` (a tensor or a value),
 * `scatterAdd`/`scatterAdd_`, `indexSelect`, with PyTorch's validation. Index values are data:
 * the backend's kernels check their range (the CPU backend with PyTorch's messages).
 *
 * Ops recorded for autograd (`dim` normalised, `index` the int64 index tensor, `inputShape` the
 * shape of the first input):
 * - `gather`: inputs `[x]`, args `{ dim, index, inputShape }` (derivative: scatterAdd into zeros).
 * - `scatter`: inputs `[self, src]` (src null for the value form), args `{ dim, index }`
 *   (plus `value` for the value form); in place through `runInplace` for `scatter_`.
 *   Derivative: self gets grad with the scattered positions zeroed, src gets `grad.gather(dim, index)`.
 * - `scatterAdd`: inputs `[self, src]`, args `{ dim, index }` (self gets grad, src `grad.gather(dim, index)`).
 * - `indexSelect`: inputs `[x]`, args `{ dim, index (int64, 1-d), inputShape }`
 *   (derivative: index_add of grad into zeros, i.e. scatterAdd with the index expanded).
 * @module
 */
import type { View } from '../backend.js';
import { int32, int64 } from '../dtype.js';
import { IndexError, RuntimeError } from '../errors.js';
import { normalizeDim, shapeStr } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  castTo, commonDevice, emptyTensor, installMethods, type OutOption, record, scalarTensor, toStored, writeOut,
} from './helpers.js';
import { runInplace } from './inplace.js';
import { disposeTemps } from './reduction.js';

/** Options of `gather`. */
export interface GatherOptions extends OutOption {
  /** Accepted for PyTorch compatibility; gradients are always dense here. */
  sparseGrad?: boolean;
}

/** The view of `t`, a 0-d tensor seen as 1-d of size 1 (kernels index a dim). */
function atLeast1d(t: Tensor): View {
  const v = t._view();
  return t.dim() === 0 ? { ...v, shape: [1], strides: [1] } : v;
}

/** PyTorch's `ensure_nonempty_size`: a 0-d tensor counts as size 1 along dim 0. */
function sizeAt(t: Tensor, d: number): number {
  return t.dim() === 0 ? 1 : t._shape[d]!;
}

function ndim1(t: Tensor): number {
  return Math.max(t.dim(), 1);
}

function checkIndexDtype(op: string, index: Tensor): void {
  if (index.dtype !== int64) throw new RuntimeError(`${op}(): Expected dtype int64 for index`);
}

// ---- gather ----

function gather(x: Tensor, dim: number, index: Tensor, opts: GatherOptions = {}): Tensor {
  commonDevice('gather', x, index);
  checkIndexDtype('gather', index);
  const d = normalizeDim(dim, x.dim());
  if (ndim1(index) !== ndim1(x)) {
    throw new RuntimeError('Index tensor must have the same number of dimensions as input tensor');
  }
  for (let i = 0; i < ndim1(x); i++) {
    if (i !== d && sizeAt(index, i) > sizeAt(x, i)) {
      throw new RuntimeError(
        `Size does not match at dimension ${i} expected index ${shapeStr(index._shape)} to be smaller than self ${shapeStr(x._shape)} apart from dimension ${d}`,
      );
    }
  }
  const out = emptyTensor(index._shape, x.dtype, x.device);
  if (index.numel() > 0) x._storage.backend.gather(atLeast1d(x), d, atLeast1d(index), atLeast1d(out));
  record('gather', [x], [out], { dim: d, index, inputShape: [...x._shape] });
  return writeOut(out, opts.out);
}

// ---- scatter, scatterAdd ----

interface ScatterPlan {
  d: number;
  /** The source as a tensor of self's dtype (a 0-d tensor for the value form). */
  src: Tensor;
  /** The view the kernel reads: src with index's shape (0 strides for a value). */
  srcView: View;
  value?: number | boolean;
}

function planScatter(self: Tensor, dim: number, index: Tensor, source: Tensor | number | boolean): ScatterPlan {
  commonDevice('scatter', self, index, source instanceof Tensor ? source : null);
  const d = normalizeDim(dim, self.dim());
  checkIndexDtype('scatter', index);
  if (source instanceof Tensor && source.dtype !== self.dtype) {
    throw new RuntimeError('scatter(): Expected self.dtype to be equal to src.dtype');
  }
  if (index.numel() === 0) {
    return { d, src: source instanceof Tensor ? source : self, srcView: self._view() };
  }
  // PyTorch 1.13's scatter_shape_check, in its order (its size loops may index past src's dims).
  if (ndim1(index) !== ndim1(self)) {
    throw new RuntimeError('Index tensor must have the same number of dimensions as self tensor');
  }
  const nonemptySize = (t: Tensor, i: number): number => (t.dim() === 0 ? 1 : t._shape[normalizeDim(i, t.dim())]!);
  let wrongShape = false;
  for (let i = 0; i < ndim1(self); i++) {
    if (i !== d && sizeAt(index, i) > sizeAt(self, i)) {
      wrongShape = true;
      break;
    }
  }
  if (!wrongShape && source instanceof Tensor) {
    for (let i = 0; i < ndim1(self); i++) {
      if (sizeAt(index, i) > nonemptySize(source, i)) {
        wrongShape = true;
        break;
      }
    }
  }
  if (source instanceof Tensor) {
    if (ndim1(source) !== ndim1(index)) {
      throw new RuntimeError('Index tensor must have the same number of dimensions as src tensor');
    }
    if (wrongShape) {
      throw new RuntimeError(
        `Expected index ${shapeStr(index._shape)} to be smaller than self ${shapeStr(self._shape)} apart from dimension ${d} and to be smaller size than src ${shapeStr(source._shape)}`,
      );
    }
  } else if (wrongShape) {
    throw new RuntimeError(
      `Expected index ${shapeStr(index._shape)} to be smaller than self ${shapeStr(self._shape)} apart from dimension ${d}`,
    );
  }
  const idxShape = index.dim() === 0 ? [1] : index._shape;
  if (source instanceof Tensor) {
    const sv = atLeast1d(source);
    return { d, src: source, srcView: { ...sv, shape: idxShape } };
  }
  const src = scalarTensor(toStored(source, self.dtype), self.dtype, self.device);
  return { d, src, srcView: { ...src._view(), shape: idxShape, strides: idxShape.map(() => 0) }, value: source };
}

function scatterInto(add: boolean, target: Tensor, plan: ScatterPlan, index: Tensor): void {
  if (index.numel() === 0) return;
  const backend = target._storage.backend;
  if (add) backend.scatterAdd(atLeast1d(target), plan.d, atLeast1d(index), plan.srcView);
  else backend.scatter(atLeast1d(target), plan.d, atLeast1d(index), plan.srcView);
}

function cloneRaw(x: Tensor): Tensor {
  const out = emptyTensor(x._shape, x.dtype, x.device);
  x._storage.backend.copy(x._view(), out._view());
  return out;
}

function scatterOp(
  add: boolean, self: Tensor, dim: number, index: Tensor, source: Tensor | number | boolean, opts: OutOption = {},
): Tensor {
  if (add && !(source instanceof Tensor)) throw new TypeError('scatter_add(): src must be a tensor');
  const plan = planScatter(self, dim, index, source);
  const out = cloneRaw(self);
  scatterInto(add, out, plan, index);
  const srcT = source instanceof Tensor ? source : null;
  const args: Record<string, unknown> = { dim: plan.d, index };
  if (plan.value !== undefined) args.value = plan.value;
  record(add ? 'scatterAdd' : 'scatter', [self, srcT], [out], args);
  if (!srcT) disposeTemps([], plan.src === self ? null : plan.src);
  return writeOut(out, opts.out);
}

function scatterInplace(add: boolean, self: Tensor, dim: number, index: Tensor, source: Tensor | number | boolean): Tensor {
  if (add && !(source instanceof Tensor)) throw new TypeError('scatter_add_(): src must be a tensor');
  const plan = planScatter(self, dim, index, source);
  const srcT = source instanceof Tensor ? source : null;
  const args: Record<string, unknown> = { dim: plan.d, index };
  if (plan.value !== undefined) args.value = plan.value;
  // A source sharing self's storage is read before any write: copy it first.
  let src = plan;
  if (srcT && srcT._storage === self._storage) {
    const copy = cloneRaw(srcT);
    const idxShape = index.dim() === 0 ? [1] : index._shape;
    src = { ...plan, src: copy, srcView: { ...atLeast1d(copy), shape: idxShape } };
  }
  runInplace(add ? 'scatterAdd' : 'scatter', self, [srcT], args, () => scatterInto(add, self, src, index));
  if (src.src !== self && src.src !== srcT) src.src.dispose();
  return self;
}

// ---- indexSelect ----

function indexSelect(x: Tensor, dim: number, index: Tensor, opts: OutOption = {}): Tensor {
  commonDevice('index_select', x, index);
  if (index.dtype !== int64 && index.dtype !== int32) {
    throw new RuntimeError('index_select(): Expected dtype int32 or int64 for index');
  }
  if (index.dim() > 1) throw new IndexError('index_select(): Index is supposed to be a vector');
  const d = normalizeDim(dim, x.dim());
  const idx = castTo(index, int64);
  const n = index.numel();
  const outShape = x.dim() === 0 ? [] : x._shape.map((s, i) => (i === d ? n : s));
  const out = emptyTensor(outShape, x.dtype, x.device);
  if (n > 0 && (out.numel() > 0 || x.dim() === 0)) {
    // A 0-d input: every index must be 0 and the result is the element itself, as in PyTorch.
    const outView: View = x.dim() === 0 ? { ...out._view(), shape: [n], strides: [0] } : out._view();
    const idxView: View = idx.dim() === 0 ? { ...idx._view(), shape: [1], strides: [1] } : idx._view();
    x._storage.backend.indexSelect(atLeast1d(x), d, idxView, outView);
  }
  record('indexSelect', [x], [out], { dim: d, index: idx, inputShape: [...x._shape] });
  return writeOut(out, opts.out);
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Gathers values along `dim` at the int64 `index` (`out[i][j] = x[i][index[i][j]]` for dim 1);
     * the result has index's shape.
     *
     * @example
     * ```ts
     * torch.tensor([[1, 2], [3, 4]]).gather(1, torch.tensor([[0, 0], [1, 0]])); // [[1, 1], [4, 3]]
     * ```
     */
    gather(dim: number, index: Tensor, options?: GatherOptions): Tensor;
    /** A copy with `src` (or a value) written along `dim` at `index` (`out[i][index[i][j]] = src[i][j]`). */
    scatter(dim: number, index: Tensor, src: Tensor | number | boolean): Tensor;
    /** {@link Tensor.scatter} in place. */
    scatter_(dim: number, index: Tensor, src: Tensor | number | boolean): Tensor;
    /** A copy with `src` added along `dim` at `index` (repeated indices accumulate). */
    scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor;
    /** {@link Tensor.scatterAdd} in place. */
    scatterAdd_(dim: number, index: Tensor, src: Tensor): Tensor;
    /** The entries at the 1-d int32/int64 `index` along `dim`. */
    indexSelect(dim: number, index: Tensor): Tensor;
  }
}

installMethods({
  gather(this: Tensor, dim: number, index: Tensor, options?: GatherOptions) {
    return gather(this, dim, index, options);
  },
  scatter(this: Tensor, dim: number, index: Tensor, src: Tensor | number | boolean) {
    return scatterOp(false, this, dim, index, src);
  },
  scatter_(this: Tensor, dim: number, index: Tensor, src: Tensor | number | boolean) {
    return scatterInplace(false, this, dim, index, src);
  },
  scatterAdd(this: Tensor, dim: number, index: Tensor, src: Tensor) {
    return scatterOp(true, this, dim, index, src);
  },
  scatterAdd_(this: Tensor, dim: number, index: Tensor, src: Tensor) {
    return scatterInplace(true, this, dim, index, src);
  },
  indexSelect(this: Tensor, dim: number, index: Tensor) {
    return indexSelect(this, dim, index);
  },
});

/** `torch.gather(x, dim, index, { out })`. */
export const gatherFn = gather;
/** `torch.scatter(x, dim, index, src | value, { out })`. */
export function scatter(input: Tensor, dim: number, index: Tensor, src: Tensor | number | boolean, options?: OutOption): Tensor {
  return scatterOp(false, input, dim, index, src, options);
}
/** `torch.scatter_add(x, dim, index, src, { out })`. */
export function scatterAdd(input: Tensor, dim: number, index: Tensor, src: Tensor, options?: OutOption): Tensor {
  return scatterOp(true, input, dim, index, src, options);
}
/** `torch.index_select(x, dim, index, { out })`. */
export const indexSelectFn = indexSelect;
