/**
 * Reference stable sort.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, indicesOf, setAt, withDim } from './storage.js';

/** Ascending order with NaN as the largest value (NaNs equal to each other). */
export function compareNaNLast(x: number, y: number): number {
  const xn = Number.isNaN(x), yn = Number.isNaN(y);
  if (xn || yn) return +xn - +yn;
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Sorts every line along `dim` (stably: equal values keep their order, also when descending)
 * into `values` and the int64 source positions into `indices`.
 */
export function sort(src: View, dim: number, descending: boolean, values: View, indices: View): void {
  const n = src.shape[dim];
  for (const idx of indicesOf(src.shape)) {
    if (idx[dim] !== 0) continue; // one pass per line
    const line = Array.from({ length: n }, (_, i) => ({ v: getAt(src, withDim(idx, dim, i)), i }));
    // Array.prototype.sort is stable, so ties keep source order either way.
    line.sort((p, q) => (descending ? compareNaNLast(q.v, p.v) : compareNaNLast(p.v, q.v)));
    line.forEach(({ v, i }, j) => {
      setAt(values, withDim(idx, dim, j), v);
      setAt(indices, withDim(idx, dim, j), i);
    });
  }
}
