/**
 * Reference cumulative sum and product.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, indicesOf, setAt, withDim } from './storage.js';

/**
 * Inclusive cumulative sum or product along `dim`: each line is scanned once with a float64
 * running total, rounded to out's dtype at every position.
 */
export function cumulative(op: 'sum' | 'prod', src: View, dim: number, out: View): void {
  for (const idx of indicesOf(src.shape)) {
    if (idx[dim] !== 0) continue; // one pass per line
    let acc = op === 'sum' ? 0 : 1;
    for (let i = 0; i < src.shape[dim]; i++) {
      const x = getAt(src, withDim(idx, dim, i));
      acc = op === 'sum' ? acc + x : acc * x;
      setAt(out, withDim(idx, dim, i), acc);
    }
  }
}
