/**
 * `sort` along one dim: a stable merge sort of each line's indices, NaN sorting as the largest
 * value (first when descending), equal values keeping their original order in both directions.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { Loop } from './strided.js';

const RUN = 12;

/** Whether `x` must come strictly before `y`. */
function before(x: number, y: number, desc: boolean): boolean {
  return desc ? x > y || (x !== x && y === y) : x < y || (y !== y && x === x);
}

/** Sorts `perm[0..L)` (indices into `keys`) stably; returns the array that holds the result. */
export function sortIndices(keys: Float64Array, perm: Int32Array, tmp: Int32Array, L: number,
  desc: boolean): Int32Array {
  for (let lo = 0; lo < L; lo += RUN) {
    const hi = Math.min(lo + RUN, L);
    for (let i = lo + 1; i < hi; i++) {
      const p = perm[i]!;
      const key = keys[p]!;
      let j = i - 1;
      while (j >= lo && before(key, keys[perm[j]!]!, desc)) {
        perm[j + 1] = perm[j]!;
        j--;
      }
      perm[j + 1] = p;
    }
  }
  let from = perm, to = tmp;
  for (let width = RUN; width < L; width *= 2) {
    for (let lo = 0; lo < L; lo += 2 * width) {
      const mid = Math.min(lo + width, L), hi = Math.min(lo + 2 * width, L);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        // Take from the right run only when strictly before: stability.
        if (before(keys[from[j]!]!, keys[from[i]!]!, desc)) to[k++] = from[j++]!;
        else to[k++] = from[i++]!;
      }
      while (i < mid) to[k++] = from[i++]!;
      while (j < hi) to[k++] = from[j++]!;
    }
    const t = from;
    from = to;
    to = t;
  }
  return from;
}

/**
 * Sorts `src` along `dim` (stable), writing the sorted values and their int64 source indices.
 * NaN sorts as the largest value.
 */
export function sort(src: View, dim: number, descending: boolean, values: View, indices: View): void {
  const S = dataOf(src), V = dataOf(values), I = dataOf(indices);
  const nd = src.shape.length;
  if (nd === 0) {
    V[values.offset] = S[src.offset]!;
    I[indices.offset] = 0;
    return;
  }
  if (dim < 0) dim += nd;
  const L = src.shape[dim]!;
  const ss = src.strides[dim]!, vs = values.strides[dim]!, xs = indices.strides[dim]!;
  const sliceShape = src.shape.map((n, d) => (d === dim ? 1 : n));
  const keys = new Float64Array(L);
  const perm = new Int32Array(L), tmp = new Int32Array(L);
  const loop = new Loop(sliceShape, [src.strides, values.strides, indices.strides],
    [src.offset, values.offset, indices.offset], 0);
  const { n, s0, s1, s2 } = loop;
  if (L === 0) return;
  loop.forEach((is, iv, ix) => {
    for (let k = 0; k < n; k++, is += s0, iv += s1, ix += s2) {
      for (let j = 0, p = is; j < L; j++, p += ss) {
        keys[j] = S[p]!;
        perm[j] = j;
      }
      const sorted = sortIndices(keys, perm, tmp, L, descending);
      for (let j = 0, pv = iv, px = ix; j < L; j++, pv += vs, px += xs) {
        const q = sorted[j]!;
        V[pv] = keys[q]!;
        I[px] = q;
      }
    }
  });
}
