/**
 * View ops: new tensors sharing storage (`view`, `permute`, `transpose`, `squeeze`,
 * `expand`, `narrow`, `select`, ...), plus `reshape`, `contiguous` and `clone`, which copy
 * only when they must.
 * @module
 */
import { IndexError, RuntimeError } from '../errors.js';
import {
  inferSize, normalizeDim, normalizeDims, numelOf, shapeStr, viewStrides,
} from '../shape.js';
import { Tensor } from '../tensor.js';
import { emptyTensor, installMethods, record, scalarTypeName } from './helpers.js';

/** Sizes as PyTorch takes them: varargs (`view(2, 3)`) or one array (`view([2, 3])`). */
export type SizeArgs = number[] | [readonly number[]];

/** @internal Flattens `(2, 3)` / `([2, 3])` into an array. */
export function sizeArgs(args: readonly unknown[]): number[] {
  const list = args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
  for (const d of list) {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      throw new TypeError(`expected a sequence of integers as the size, but got ${String(d)}`);
    }
  }
  return list as number[];
}

// Autograd names the node after the op recorded here (ViewBackward0, ReshapeAliasBackward0, ...).
function view(x: Tensor, shape: number[], op: 'view' | 'reshape' | 'unsafeView' = 'view'): Tensor {
  const target = inferSize(shape, x.numel());
  const strides = viewStrides(x._shape, x._strides, target);
  if (!strides) {
    throw new RuntimeError(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  }
  const out = x._viewAs(target, strides, x._offset);
  record(op, [x], [out], { inputShape: [...x._shape] });
  return out;
}

function reshape(x: Tensor, shape: number[]): Tensor {
  const target = inferSize(shape, x.numel());
  if (viewStrides(x._shape, x._strides, target)) return view(x, target, 'reshape');
  return view(clone(x, false), target, 'unsafeView');
}

/**
 * A copy with its own storage. Like PyTorch's `clone()` (memory_format=preserve), a dense
 * non-contiguous input (a permutation, a transpose) keeps its strides; otherwise, and always
 * when `preserve` is false, the copy is contiguous.
 */
function clone(x: Tensor, preserve = true): Tensor {
  const out = emptyTensor(x._shape, x.dtype, x.device);
  if (preserve && !x.isContiguous() && isNonOverlappingAndDense(x._shape, x._strides)) out._strides = [...x._strides];
  x._storage.backend.copy(x._view(), out._view());
  record('clone', [x], [out]);
  return out;
}

/** PyTorch's `is_non_overlapping_and_dense`: the elements fill a block of memory without gaps. */
function isNonOverlappingAndDense(shape: readonly number[], strides: readonly number[]): boolean {
  const perm = shape.map((_, i) => i).filter((i) => shape[i]! >= 2);
  perm.sort((a, b) => strides[a]! - strides[b]!);
  let required = 1;
  for (const d of perm) {
    if (strides[d] !== required) return false;
    required *= shape[d]!;
  }
  return true;
}

function contiguous(x: Tensor): Tensor {
  return x.isContiguous() ? x : clone(x, false);
}

function permute(x: Tensor, dims: number[]): Tensor {
  if (dims.length !== x.dim()) {
    throw new RuntimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${x.dim()} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const d = dims.map((i) => normalizeDim(i, x.dim()));
  if (new Set(d).size !== d.length) throw new RuntimeError('permute(): duplicate dims are not allowed.');
  const out = x._viewAs(d.map((i) => x._shape[i]!), d.map((i) => x._strides[i]!), x._offset);
  record('permute', [x], [out], { dims: d });
  return out;
}

function transpose(x: Tensor, dim0: number, dim1: number, op: 'transpose' | 't' = 'transpose'): Tensor {
  const n = x.dim();
  if (n === 0) {
    normalizeDim(dim0, 0);
    normalizeDim(dim1, 0);
    const out = x._viewAs([], [], x._offset);
    record(op, [x], [out], { dim0: 0, dim1: 0 });
    return out;
  }
  const a = normalizeDim(dim0, n), b = normalizeDim(dim1, n);
  const shape = [...x._shape], strides = [...x._strides];
  [shape[a], shape[b]] = [shape[b]!, shape[a]!];
  [strides[a], strides[b]] = [strides[b]!, strides[a]!];
  const out = x._viewAs(shape, strides, x._offset);
  record(op, [x], [out], { dim0: a, dim1: b });
  return out;
}

function t(x: Tensor): Tensor {
  if (x.dim() > 2) {
    throw new RuntimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x.dim()}D`);
  }
  return x.dim() < 2 ? transpose(x, 0, 0, 't') : transpose(x, 0, 1, 't');
}

function squeeze(x: Tensor, dim?: number | number[]): Tensor {
  const n = x.dim();
  let drop: Set<number>;
  if (dim === undefined) drop = new Set(x._shape.flatMap((s, i) => (s === 1 ? [i] : [])));
  else {
    const dims = normalizeDims(Array.isArray(dim) ? dim : [dim], n);
    drop = new Set(dims.filter((d) => n > 0 && x._shape[d] === 1));
  }
  const shape: number[] = [], strides: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!drop.has(i)) {
      shape.push(x._shape[i]!);
      strides.push(x._strides[i]!);
    }
  }
  const out = x._viewAs(shape, strides, x._offset);
  record('squeeze', [x], [out], { inputShape: [...x._shape], dims: dim === undefined ? null : dim });
  return out;
}

function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.dim() + 1);
  const shape = [...x._shape], strides = [...x._strides];
  const stride = d < x.dim() ? x._shape[d]! * x._strides[d]! : 1;
  shape.splice(d, 0, 1);
  strides.splice(d, 0, stride);
  const out = x._viewAs(shape, strides, x._offset);
  record('unsqueeze', [x], [out], { inputShape: [...x._shape], dim: d });
  return out;
}

function expand(x: Tensor, sizes: number[]): Tensor {
  const n = sizes.length;
  if (n < x.dim()) {
    throw new RuntimeError(
      `expand(torch.${scalarTypeName(x.dtype)}Tensor{${shapeStr(x._shape)}}, size=${shapeStr(sizes)}): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${x.dim()})`,
    );
  }
  const shape = new Array<number>(n), strides = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const j = i - (n - x.dim());
    const want = sizes[i]!;
    if (j < 0) {
      if (want < 0) throw new RuntimeError(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      shape[i] = want;
      strides[i] = 0;
      continue;
    }
    const have = x._shape[j]!;
    if (want === -1 || want === have) {
      shape[i] = have;
      strides[i] = x._strides[j]!;
    } else if (have === 1) {
      shape[i] = want;
      strides[i] = 0;
    } else {
      throw new RuntimeError(
        `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${shapeStr(sizes)}.  Tensor sizes: ${shapeStr(x._shape)}`,
      );
    }
  }
  const out = x._viewAs(shape, strides, x._offset);
  record('expand', [x], [out], { inputShape: [...x._shape] });
  return out;
}

function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim(startDim, x.dim()), e = normalizeDim(endDim, x.dim());
  if (s > e) throw new RuntimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (s === e) return x;
  const shape = [...x._shape.slice(0, s), numelOf(x._shape.slice(s, e + 1)), ...x._shape.slice(e + 1)];
  return reshape(x, shape);
}

function unflatten(x: Tensor, dim: number, sizes: number[]): Tensor {
  const d = normalizeDim(dim, x.dim());
  if (!sizes.includes(-1) && numelOf(sizes) !== x._shape[d]) {
    throw new RuntimeError(
      `unflatten: Provided sizes ${shapeStr(sizes)} don't multiply up to the size of dim ${dim} (${x._shape[d]}) in the input tensor`,
    );
  }
  const inner = inferSize(sizes, x._shape[d]!);
  return view(x, [...x._shape.slice(0, d), ...inner, ...x._shape.slice(d + 1)]);
}

function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.dim() === 0) throw new RuntimeError('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x._shape[d]!;
  // As PyTorch 1.13: start == size is allowed (an empty slice at the end), otherwise it is
  // wrapped like a dim, with the same message.
  const s = start === size ? start : normalizeDim(start, size);
  if (length < 0 || s + length > size) {
    throw new RuntimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  const shape = [...x._shape];
  shape[d] = length;
  const out = x._viewAs(shape, [...x._strides], x._offset + s * x._strides[d]!);
  record('narrow', [x], [out], { dim: d, start: s, length, inputShape: [...x._shape] });
  return out;
}

function select(x: Tensor, dim: number, index: number): Tensor {
  if (x.dim() === 0) throw new IndexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.dim());
  const size = x._shape[d]!;
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new IndexError(`select(): index ${index} out of range for tensor of size ${shapeStr(x._shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  const shape = [...x._shape], strides = [...x._strides];
  shape.splice(d, 1);
  strides.splice(d, 1);
  const out = x._viewAs(shape, strides, x._offset + i * x._strides[d]!);
  record('select', [x], [out], { dim: d, index: i, inputShape: [...x._shape] });
  return out;
}

/** @internal A strided slice `start:stop:step` along `dim` (bounds already clamped). */
export function sliceDim(x: Tensor, dim: number, start: number, stop: number, step: number): Tensor {
  const length = Math.max(0, Math.ceil((stop - start) / step));
  const shape = [...x._shape], strides = [...x._strides];
  shape[dim] = length;
  strides[dim] = x._strides[dim]! * step;
  const out = x._viewAs(shape, strides, x._offset + start * x._strides[dim]!);
  record('slice', [x], [out], { dim, start, stop, step, inputShape: [...x._shape] });
  return out;
}

function unbind(x: Tensor, dim = 0): Tensor[] {
  const d = normalizeDim(dim, x.dim());
  return Array.from({ length: x._shape[d]! }, (_, i) => select(x, d, i));
}

function movedim(x: Tensor, source: number | number[], destination: number | number[]): Tensor {
  const src = normalizeDims(Array.isArray(source) ? source : [source], x.dim());
  const dst = normalizeDims(Array.isArray(destination) ? destination : [destination], x.dim());
  if (src.length !== dst.length) {
    throw new RuntimeError(
      `movedim: Invalid source or destination dims: source (${shapeStr(src)} dims) should contain the same number of dims as destination (${shapeStr(dst)} dims)`,
    );
  }
  const order = new Array<number>(x.dim()).fill(-1);
  src.forEach((s, i) => (order[dst[i]!] = s));
  const rest = [...Array(x.dim()).keys()].filter((d) => !src.includes(d));
  let k = 0;
  for (let i = 0; i < order.length; i++) if (order[i] === -1) order[i] = rest[k++]!;
  return permute(x, order);
}

declare module '../tensor.js' {
  interface Tensor {
    /** A view with another shape (one dim may be -1); fails when strides do not allow it. */
    view(...shape: SizeArgs): Tensor;
    /** A view with `other`'s shape. */
    viewAs(other: Tensor): Tensor;
    /** `view` when possible, else a copy with the new shape. */
    reshape(...shape: SizeArgs): Tensor;
    /** `reshape` to `other`'s shape. */
    reshapeAs(other: Tensor): Tensor;
    /** A copy with its own storage (recorded by autograd). */
    clone(): Tensor;
    /** This tensor when contiguous, else a contiguous copy. */
    contiguous(): Tensor;
    /** Reorders dims: `x.permute(2, 0, 1)`. */
    permute(...dims: SizeArgs): Tensor;
    /** Swaps two dims. */
    transpose(dim0: number, dim1: number): Tensor;
    /** Alias of transpose. */
    swapaxes(dim0: number, dim1: number): Tensor;
    /** Transpose of a <= 2-d tensor. */
    t(): Tensor;
    /** All dims reversed (`x.T`). */
    readonly T: Tensor;
    /** Last two dims swapped (`x.mT`). */
    readonly mT: Tensor;
    /** Removes size-1 dims (all, or the given ones). */
    squeeze(dim?: number | number[]): Tensor;
    /** Inserts a size-1 dim at `dim`. */
    unsqueeze(dim: number): Tensor;
    /** Broadcasts size-1 dims to larger sizes without copying (-1 keeps a size). */
    expand(...sizes: SizeArgs): Tensor;
    /** `expand` to `other`'s shape. */
    expandAs(other: Tensor): Tensor;
    /** Merges dims `startDim..endDim` into one. */
    flatten(startDim?: number, endDim?: number): Tensor;
    /** Splits dim `dim` into `sizes`. */
    unflatten(dim: number, sizes: number[]): Tensor;
    /** The slice `start:start+length` of dim `dim`, sharing storage. */
    narrow(dim: number, start: number, length: number): Tensor;
    /** The slice at `index` of dim `dim`, which is removed. */
    select(dim: number, index: number): Tensor;
    /** All slices along `dim`. */
    unbind(dim?: number): Tensor[];
    /** Moves dims from `source` to `destination` positions. */
    movedim(source: number | number[], destination: number | number[]): Tensor;
  }
}

installMethods({
  view(this: Tensor, ...shape: SizeArgs) {
    return view(this, sizeArgs(shape));
  },
  viewAs(this: Tensor, other: Tensor) {
    return view(this, [...other._shape]);
  },
  reshape(this: Tensor, ...shape: SizeArgs) {
    return reshape(this, sizeArgs(shape));
  },
  reshapeAs(this: Tensor, other: Tensor) {
    return reshape(this, [...other._shape]);
  },
  clone(this: Tensor) {
    return clone(this);
  },
  contiguous(this: Tensor) {
    return contiguous(this);
  },
  permute(this: Tensor, ...dims: SizeArgs) {
    return permute(this, sizeArgs(dims));
  },
  transpose(this: Tensor, dim0: number, dim1: number) {
    return transpose(this, dim0, dim1);
  },
  swapaxes(this: Tensor, dim0: number, dim1: number) {
    return transpose(this, dim0, dim1);
  },
  t(this: Tensor) {
    return t(this);
  },
  squeeze(this: Tensor, dim?: number | number[]) {
    return squeeze(this, dim);
  },
  unsqueeze(this: Tensor, dim: number) {
    return unsqueeze(this, dim);
  },
  expand(this: Tensor, ...sizes: SizeArgs) {
    return expand(this, sizeArgs(sizes));
  },
  expandAs(this: Tensor, other: Tensor) {
    return expand(this, [...other._shape]);
  },
  flatten(this: Tensor, startDim?: number, endDim?: number) {
    return flatten(this, startDim, endDim);
  },
  unflatten(this: Tensor, dim: number, sizes: number[]) {
    return unflatten(this, dim, sizes);
  },
  narrow(this: Tensor, dim: number, start: number, length: number) {
    return narrow(this, dim, start, length);
  },
  select(this: Tensor, dim: number, index: number) {
    return select(this, dim, index);
  },
  unbind(this: Tensor, dim?: number) {
    return unbind(this, dim);
  },
  movedim(this: Tensor, source: number | number[], destination: number | number[]) {
    return movedim(this, source, destination);
  },
});
Object.defineProperty(Tensor.prototype, 'T', {
  get(this: Tensor) {
    return permute(this, [...Array(this.dim()).keys()].reverse());
  },
  configurable: true,
});
Object.defineProperty(Tensor.prototype, 'mT', {
  get(this: Tensor) {
    if (this.dim() < 2) throw new RuntimeError('tensor.mT is only supported on matrices or batches of matrices. Got 1-D tensor.');
    return transpose(this, -2, -1);
  },
  configurable: true,
});

/** `torch.reshape(x, shape)`. */
export const reshapeFn = (x: Tensor, shape: readonly number[]): Tensor => reshape(x, [...shape]);
/** `torch.permute(x, dims)`. */
export const permuteFn = (x: Tensor, dims: readonly number[]): Tensor => permute(x, [...dims]);
/** `torch.transpose(x, dim0, dim1)`. */
export const transposeFn = (x: Tensor, dim0: number, dim1: number): Tensor => transpose(x, dim0, dim1);
/** `torch.t(x)`. */
export const tFn = t;
/** `torch.squeeze(x, dim?)`. */
export const squeezeFn = squeeze;
/** `torch.unsqueeze(x, dim)`. */
export const unsqueezeFn = unsqueeze;
/** `torch.flatten(x, startDim, endDim)`. */
export const flattenFn = flatten;
/** `torch.unflatten(x, dim, sizes)`. */
export const unflattenFn = unflatten;
/** `torch.narrow(x, dim, start, length)`. */
export const narrowFn = narrow;
/** `torch.select(x, dim, index)`. */
export const selectFn = select;
/** `torch.unbind(x, dim)`. */
export const unbindFn = unbind;
/** `torch.movedim(x, source, destination)`. */
export const movedimFn = movedim;
/** `torch.clone(x)`. */
export const cloneFn = clone;
