/**
 * Reference gather, scatter, scatterAdd and indexSelect.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, indicesOf, offsetOf, setAt, withDim, dataOf } from './storage.js';
import { roundTo } from './round.js';

/** `out[idx] = src[idx with idx[dim] = index[idx]]`; out has index's shape. */
export function gather(src: View, dim: number, index: View, out: View): void {
  for (const idx of indicesOf(index.shape)) {
    setAt(out, idx, getAt(src, withDim(idx, dim, getAt(index, idx))));
  }
}

/** `out[idx with idx[dim] = index[idx]] = src[idx]`; with duplicate targets the last one wins. */
export function scatter(out: View, dim: number, index: View, src: View): void {
  for (const idx of indicesOf(index.shape)) {
    setAt(out, withDim(idx, dim, getAt(index, idx)), getAt(src, idx));
  }
}

/**
 * `out[idx with idx[dim] = index[idx]] += src[idx]`. Each target sums its old value and all its
 * contributions in float64 and is rounded once.
 */
export function scatterAdd(out: View, dim: number, index: View, src: View): void {
  const sums = new Map<number, number>(); // storage position -> exact sum
  for (const idx of indicesOf(index.shape)) {
    const target = withDim(idx, dim, getAt(index, idx));
    const pos = offsetOf(out, target);
    sums.set(pos, (sums.get(pos) ?? getAt(out, target)) + getAt(src, idx));
  }
  const data = dataOf(out.buffer);
  for (const [pos, s] of sums) data[pos] = roundTo(out.buffer.dtype, s);
}

/** `out[idx] = src[idx with idx[dim] = index[idx[dim]]]`; index is 1-d. */
export function indexSelect(src: View, dim: number, index: View, out: View): void {
  for (const idx of indicesOf(out.shape)) {
    setAt(out, idx, getAt(src, withDim(idx, dim, getAt(index, [idx[dim]]))));
  }
}
