/**
 * Indexing kernels driven by int64 index tensors: gather, scatter, scatterAdd, indexSelect.
 * Indices are data, so bounds are checked here, with PyTorch's messages.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { RuntimeError } from '../errors.js';
import { roundBFloat16 } from './bfloat16.js';
import { roundHalf } from './half.js';
import { Loop } from './strided.js';

function normDim(dim: number, nd: number): number {
  return dim < 0 ? dim + Math.max(nd, 1) : dim;
}

/** `view.strides` with the stride of `dim` replaced by 0 (the index supplies that coordinate). */
function withoutDim(view: View, dim: number): number[] {
  const s = view.strides.slice();
  if (dim < s.length) s[dim] = 0;
  return s;
}

function outOfBounds(j: number, dim: number, size: number): never {
  throw new RuntimeError(`index ${j} is out of bounds for dimension ${dim} with size ${size}`);
}

/** `out[i][j][k] = src[i][index[i][j][k]][k]` for dim 1 (and so on); out has index's shape. */
export function gather(src: View, dim: number, index: View, out: View): void {
  const S = dataOf(src), I = dataOf(index), O = dataOf(out);
  dim = normDim(dim, src.shape.length);
  const size = src.shape.length === 0 ? 1 : src.shape[dim]!;
  const sd = src.strides[dim] ?? 0;
  const loop = new Loop(index.shape, [index.strides, out.strides, withoutDim(src, dim)],
    [index.offset, out.offset, src.offset], 1);
  const { n, s0, s1, s2 } = loop;
  loop.forEach((ii, io, is) => {
    for (let k = 0; k < n; k++, ii += s0, io += s1, is += s2) {
      const j = I[ii]!;
      if (!(j >= 0 && j < size)) outOfBounds(j, dim, size);
      O[io] = S[is + j * sd]!;
    }
  });
}

function scatterImpl(add: boolean, out: View, dim: number, index: View, src: View): void {
  const O = dataOf(out), I = dataOf(index), S = dataOf(src);
  dim = normDim(dim, out.shape.length);
  const size = out.shape.length === 0 ? 1 : out.shape[dim]!;
  const od = out.strides[dim] ?? 0;
  const half = out.buffer.dtype.name === 'float16';
  const bf16 = out.buffer.dtype.name === 'bfloat16';
  // Adding into bool is a logical or, as in PyTorch.
  const isBool = out.buffer.dtype.name === 'bool';
  const loop = new Loop(index.shape, [index.strides, src.strides, withoutDim(out, dim)],
    [index.offset, src.offset, out.offset], 0);
  const { n, s0, s1, s2 } = loop;
  loop.forEach((ii, is, io) => {
    for (let k = 0; k < n; k++, ii += s0, is += s1, io += s2) {
      const j = I[ii]!;
      if (!(j >= 0 && j < size)) outOfBounds(j, dim, size);
      const p = io + j * od;
      if (!add) O[p] = S[is]!;
      else if (half) O[p] = roundHalf(O[p]! + S[is]!);
      else if (bf16) O[p] = roundBFloat16(O[p]! + S[is]!);
      else if (isBool) O[p] = O[p]! || S[is]! ? 1 : 0;
      else O[p] = O[p]! + S[is]!;
    }
  });
}

/** `out[i][index[i][j][k]][k] = src[i][j][k]` for dim 1; modifies `out` in place. */
export function scatter(out: View, dim: number, index: View, src: View): void {
  scatterImpl(false, out, dim, index, src);
}

/** `out[i][index[i][j][k]][k] += src[i][j][k]` for dim 1; modifies `out` in place. */
export function scatterAdd(out: View, dim: number, index: View, src: View): void {
  scatterImpl(true, out, dim, index, src);
}

/** Selects the entries of `src` along `dim` at the 1-d int64 `index` into `out`. */
export function indexSelect(src: View, dim: number, index: View, out: View): void {
  const S = dataOf(src), I = dataOf(index), O = dataOf(out);
  const nd = src.shape.length;
  dim = normDim(dim, nd);
  const size = nd === 0 ? 1 : src.shape[dim]!;
  const sd = src.strides[dim] ?? 0;
  // The index walks along `dim` only.
  const idxStrides = out.shape.map((_, d) => (d === dim ? (index.strides[0] ?? 0) : 0));
  const loop = new Loop(out.shape, [out.strides, withoutDim(src, dim), idxStrides],
    [out.offset, src.offset, index.offset], 0);
  const { n, s0, s1, s2 } = loop;
  loop.forEach((io, is, ii) => {
    if (s2 === 0) {
      // The whole row takes one slice (e.g. embedding rows): look the index up once.
      const j = I[ii]!;
      if (!(j >= 0 && j < size)) throw new RuntimeError('index out of range in self');
      is += j * sd;
      for (let k = 0; k < n; k++, io += s0, is += s1) O[io] = S[is]!;
      return;
    }
    for (let k = 0; k < n; k++, io += s0, is += s1, ii += s2) {
      const j = I[ii]!;
      if (!(j >= 0 && j < size)) throw new RuntimeError('index out of range in self');
      O[io] = S[is + j * sd]!;
    }
  });
}
