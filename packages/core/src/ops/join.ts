/**
 * Joining and splitting: `cat` (`concat`, `concatenate`), `stack`, `hstack`, `vstack`,
 * `split`, `chunk`, `tensorSplit`.
 *
 * Ops recorded for autograd (op name: args):
 * - `'cat'`: inputs are every tensor of the list (in order); args
 *   `{ dim: number, inputShapes: number[][], offsets: number[], sizes: number[] }`: input i
 *   occupies `offsets[i] .. offsets[i] + sizes[i]` along `dim` of the output. An input PyTorch
 *   skips (a 1-d empty tensor, its legacy rule) has size 0 and gets a zero gradient of its
 *   own shape. Derivative: `grad.narrow(dim, offsets[i], sizes[i])` (cast to the input dtype).
 * - `'stack'`: inputs are every tensor; args `{ dim: number }` (dim of the new axis in the
 *   output). Derivative: `grad.select(dim, i)` for input i.
 * - `split`/`chunk`/`tensorSplit` return narrow/slice views (recorded as `'narrow'`/`'slice'`);
 *   `hstack`/`vstack` record their reshapes and one `'cat'`.
 * @module
 */
import { type DType, promoteTypes } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { noGrad, shouldRecord } from '../grad-mode.js';
import { normalizeDim, shapeStr } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  canCast, commonDevice, emptyTensor, installMethods, type OutOption, record, scalarTypeName, writeOut,
} from './helpers.js';
import { narrowFn, reshapeFn, sliceDim, unsqueezeFn } from './views.js';

/** Options of `cat`/`stack`: the dim (also accepted positionally) and `out`. */
export interface CatOptions extends OutOption {
  /** The dim to join along (default 0). */
  dim?: number;
}

function parseDimArgs(dimOrOpts: number | CatOptions | undefined, opts: CatOptions | undefined): { dim: number; out?: Tensor } {
  if (typeof dimOrOpts === 'number') return { dim: dimOrOpts, out: opts?.out };
  return { dim: dimOrOpts?.dim ?? opts?.dim ?? 0, out: dimOrOpts?.out ?? opts?.out };
}

function checkList(tensors: readonly Tensor[], what: string): void {
  if (!Array.isArray(tensors)) throw new TypeError(`${what}(): argument 'tensors' must be an array of Tensors`);
  tensors.forEach((t, i) => {
    if (!(t instanceof Tensor)) {
      throw new TypeError(`${what}(): expected Tensor as element ${i} in argument 0, but got ${typeof t}`);
    }
  });
}

function promoteAll(tensors: readonly Tensor[]): DType {
  return tensors.map((t) => t.dtype).reduce((a, b) => promoteTypes(a, b));
}

/** Concatenates into a new tensor without recording (shared by cat and stack). */
function catRaw(tensors: readonly Tensor[], dim: number, opName: string): { out: Tensor; dim: number; offsets: number[]; sizes: number[] } {
  if (tensors.length === 0) throw new RuntimeError(`${opName}(): expected a non-empty list of Tensors`);
  const device = commonDevice(opName, ...tensors);
  tensors.forEach((t, i) => {
    if (t.dim() === 0) throw new RuntimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
  });
  const dtype = promoteAll(tensors);
  // PyTorch's legacy rule: 1-d empty tensors are skipped whatever the other shapes are.
  const skipped = tensors.map((t) => t.dim() === 1 && t.numel() === 0);
  const refIndex = skipped.indexOf(false);
  if (refIndex < 0) {
    const d = normalizeDim(dim, 1);
    return { out: emptyTensor([0], dtype, device), dim: d, offsets: tensors.map(() => 0), sizes: tensors.map(() => 0) };
  }
  const ref = tensors[refIndex]!;
  const d = normalizeDim(dim, ref.dim());
  const shape = [...ref._shape];
  let total = 0;
  tensors.forEach((t, i) => {
    if (skipped[i]) return;
    if (t.dim() !== ref.dim()) {
      throw new RuntimeError(`Tensors must have same number of dimensions: got ${ref.dim()} and ${t.dim()}`);
    }
    for (let k = 0; k < shape.length; k++) {
      if (k !== d && t._shape[k] !== shape[k]) {
        throw new RuntimeError(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${shape[k]} but got size ${t._shape[k]} for tensor number ${i} in the list.`,
        );
      }
    }
    total += t._shape[d]!;
  });
  shape[d] = total;
  const out = emptyTensor(shape, dtype, device);
  const backend = out._storage.backend;
  const offsets: number[] = [];
  const sizes: number[] = [];
  let offset = 0;
  const outStrides = out._strides;
  tensors.forEach((t, i) => {
    offsets.push(offset);
    const size = skipped[i] ? 0 : t._shape[d]!;
    sizes.push(size);
    if (size > 0 && t.numel() > 0) {
      backend.copy(t._view(), {
        buffer: out._storage.buffer,
        shape: t._shape,
        strides: outStrides,
        offset: offset * outStrides[d]!,
      });
    }
    offset += size;
  });
  return { out, dim: d, offsets, sizes };
}

function finishOut(opName: string, result: Tensor, out: Tensor | undefined): Tensor {
  if (out && !canCast(result.dtype, out.dtype)) {
    throw new RuntimeError(`${opName}(): input types can't be cast to the desired output type ${scalarTypeName(out.dtype)}`);
  }
  return writeOut(result, out);
}

/**
 * Concatenates tensors along an existing dim (`torch.cat`); dtypes promote as in PyTorch.
 * The dim is accepted positionally or in the options: `cat([a, b], 1)`, `cat([a, b], { dim: 1 })`.
 *
 * @example
 * ```ts
 * torch.cat([torch.ones(2, 2), torch.zeros(2, 3)], 1).shape; // torch.Size([2, 5])
 * ```
 */
export function cat(tensors: readonly Tensor[], dim?: number | CatOptions, opts?: CatOptions): Tensor {
  checkList(tensors, 'cat');
  const a = parseDimArgs(dim, opts);
  const { out, dim: d, offsets, sizes } = catRaw(tensors, a.dim, 'torch.cat');
  record('cat', tensors, [out], { dim: d, inputShapes: tensors.map((t) => [...t._shape]), offsets, sizes });
  return finishOut('torch.cat', out, a.out);
}

/** Alias of {@link cat}. */
export const concat = cat;
/** Alias of {@link cat}. */
export const concatenate = cat;

/**
 * Joins same-shaped tensors along a new dim (`torch.stack`).
 *
 * @example
 * ```ts
 * torch.stack([torch.ones(2), torch.zeros(2)], 1); // tensor([[1., 0.], [1., 0.]])
 * ```
 */
export function stack(tensors: readonly Tensor[], dim?: number | CatOptions, opts?: CatOptions): Tensor {
  checkList(tensors, 'stack');
  const a = parseDimArgs(dim, opts);
  if (tensors.length === 0) throw new RuntimeError('stack expects a non-empty TensorList');
  const first = tensors[0]!;
  const d = normalizeDim(a.dim, first.dim() + 1);
  tensors.forEach((t, i) => {
    if (t._shape.length !== first._shape.length || t._shape.some((s, k) => s !== first._shape[k])) {
      throw new RuntimeError(
        `stack expects each tensor to be equal size, but got ${shapeStr(first._shape)} at entry 0 and ${shapeStr(t._shape)} at entry ${i}`,
      );
    }
  });
  const expanded = noGrad(() => tensors.map((t) => unsqueezeFn(t, d)));
  const { out } = catRaw(expanded, d, 'stack');
  for (const e of expanded) e.dispose();
  record('stack', tensors, [out], { dim: d });
  return finishOut('stack', out, a.out);
}

function atleast1d(t: Tensor): Tensor {
  return t.dim() === 0 ? reshapeFn(t, [1]) : t;
}
function atleast2d(t: Tensor): Tensor {
  if (t.dim() === 0) return reshapeFn(t, [1, 1]);
  if (t.dim() === 1) return unsqueezeFn(t, 0);
  return t;
}

/** Concatenates column-wise (`torch.hstack`): along dim 0 for 1-d inputs, else dim 1. */
export function hstack(tensors: readonly Tensor[], opts?: OutOption): Tensor {
  checkList(tensors, 'hstack');
  if (tensors.length === 0) throw new RuntimeError('hstack expects a non-empty TensorList');
  const ts = tensors.map(atleast1d);
  return catThenRelease(ts, tensors, ts[0]!.dim() === 1 ? 0 : 1, opts);
}

/** Concatenates row-wise (`torch.vstack`): 0-d and 1-d inputs become rows first. */
export function vstack(tensors: readonly Tensor[], opts?: OutOption): Tensor {
  checkList(tensors, 'vstack');
  if (tensors.length === 0) throw new RuntimeError('vstack expects a non-empty TensorList');
  return catThenRelease(tensors.map(atleast2d), tensors, 0, opts);
}

/** `cat`, then releases the reshaped views made for it unless autograd recorded them. */
function catThenRelease(views: Tensor[], originals: readonly Tensor[], dim: number, opts?: OutOption): Tensor {
  const out = cat(views, dim, opts);
  if (!shouldRecord(originals)) views.forEach((v, i) => v !== originals[i] && v.dispose());
  return out;
}

/** Alias of {@link vstack}. */
export const rowStack = vstack;

function splitDim(x: Tensor, dim: number, what: string): number {
  if (x.dim() === 0) throw new RuntimeError(`${what} expects at least a 1-dimensional tensor`);
  return normalizeDim(dim, x.dim());
}

function splitWithSizes(x: Tensor, sizes: readonly number[], d: number): Tensor[] {
  const size = x._shape[d]!;
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new RuntimeError(
      `split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${shapeStr(sizes)}`,
    );
  }
  const sum = sizes.reduce((a, b) => a + b, 0);
  if (sum !== size) {
    throw new RuntimeError(
      `split_with_sizes expects split_sizes to sum exactly to ${size} (input tensor's size at dimension ${d}), but got split_sizes=${shapeStr(sizes)}`,
    );
  }
  let start = 0;
  return sizes.map((s) => {
    const piece = narrowFn(x, d, start, s);
    start += s;
    return piece;
  });
}

/**
 * Splits into pieces of `splitSize` along `dim` (the last one may be smaller), or into pieces
 * of the given sizes (`torch.split`). The pieces are views.
 *
 * @example
 * ```ts
 * torch.split(torch.arange(10), 3);      // sizes 3, 3, 3, 1
 * torch.split(torch.arange(10), [2, 8]); // sizes 2, 8
 * ```
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = splitDim(x, dim, 'split');
  if (Array.isArray(splitSizeOrSections)) return splitWithSizes(x, splitSizeOrSections, d);
  const splitSize = splitSizeOrSections as number;
  const size = x._shape[d]!;
  if (splitSize < 0) throw new RuntimeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
  if (splitSize === 0 && size !== 0) {
    throw new RuntimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
  }
  const n = splitSize === 0 ? 1 : Math.max(Math.ceil(size / splitSize), 1);
  const out: Tensor[] = [];
  for (let i = 0; i < n; i++) {
    const start = i * splitSize;
    out.push(narrowFn(x, d, start, Math.min(splitSize, size - start)));
  }
  return out;
}

/**
 * Splits into `chunks` pieces of equal size along `dim` (the last one may be smaller, and
 * fewer pieces may come back), as `torch.chunk`.
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  if (!(chunks > 0)) throw new RuntimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const d = splitDim(x, dim, 'chunk');
  const size = x._shape[d]!;
  const splitSize = Math.ceil(size / chunks);
  if (splitSize === 0 && size === 0) return splitWithSizes(x, new Array<number>(chunks).fill(0), d);
  return split(x, splitSize, d);
}

/**
 * Splits into `sections` nearly equal pieces, or at the given indices (`torch.tensor_split`).
 *
 * @example
 * ```ts
 * torch.tensorSplit(torch.arange(10), 3);      // sizes 4, 3, 3
 * torch.tensorSplit(torch.arange(10), [1, 5]); // sizes 1, 4, 5
 * ```
 */
export function tensorSplit(x: Tensor, indicesOrSections: number | readonly number[], dim = 0): Tensor[] {
  const d = splitDim(x, dim, 'tensor_split');
  const size = x._shape[d]!;
  const bounds = (start: number, stop: number): Tensor => {
    let s = start < 0 ? start + size : start, e = stop < 0 ? stop + size : stop;
    s = Math.min(Math.max(s, 0), size);
    e = Math.min(Math.max(e, s), size);
    return sliceDim(x, d, s, e, 1);
  };
  if (Array.isArray(indicesOrSections)) {
    const out: Tensor[] = [];
    let prev = 0;
    for (const idx of indicesOrSections as number[]) {
      out.push(bounds(prev, idx));
      prev = idx;
    }
    out.push(bounds(prev, size));
    return out;
  }
  const sections = indicesOrSections as number;
  if (!(sections > 0)) throw new RuntimeError(`number of sections must be larger than 0, got ${sections}`);
  const base = Math.floor(size / sections), extra = size % sections;
  const out: Tensor[] = [];
  let start = 0;
  for (let i = 0; i < sections; i++) {
    const len = base + (i < extra ? 1 : 0);
    out.push(sliceDim(x, d, start, start + len, 1));
    start += len;
  }
  return out;
}

declare module '../tensor.js' {
  interface Tensor {
    /** Splits into pieces of `splitSize` (or of the given sizes) along `dim`; the pieces are views. */
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    /** Splits into `chunks` nearly equal views along `dim`. */
    chunk(chunks: number, dim?: number): Tensor[];
    /** Splits into `sections` nearly equal views, or at the given indices, along `dim`. */
    tensorSplit(indicesOrSections: number | readonly number[], dim?: number): Tensor[];
  }
}

installMethods({
  split(this: Tensor, splitSizeOrSections: number | readonly number[], dim?: number) {
    return split(this, splitSizeOrSections, dim);
  },
  chunk(this: Tensor, chunks: number, dim?: number) {
    return chunk(this, chunks, dim);
  },
  tensorSplit(this: Tensor, indicesOrSections: number | readonly number[], dim?: number) {
    return tensorSplit(this, indicesOrSections, dim);
  },
});
