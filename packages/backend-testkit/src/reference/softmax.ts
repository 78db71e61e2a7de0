/**
 * Reference softmax and log-softmax.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, indicesOf, setAt, withDim } from './storage.js';

/**
 * Softmax (or log-softmax) along the last dim: `exp(x - max) / Σ exp(x - max)`, or
 * `x - max - log Σ exp(x - max)`. NaN anywhere in a row, +Infinity, or a row of -Infinity
 * give NaN, as in PyTorch.
 */
export function softmax(src: View, log: boolean, out: View): void {
  const d = src.shape.length - 1;
  const n = src.shape[d];
  for (const idx of indicesOf(src.shape)) {
    if (idx[d] !== 0) continue; // one pass per row
    const row = Array.from({ length: n }, (_, i) => getAt(src, withDim(idx, d, i)));
    const max = row.reduce((m, x) => Math.max(m, x), -Infinity);
    const sum = row.reduce((s, x) => s + Math.exp(x - max), 0);
    row.forEach((x, i) => {
      setAt(out, withDim(idx, d, i), log ? x - max - Math.log(sum) : Math.exp(x - max) / sum);
    });
  }
}
