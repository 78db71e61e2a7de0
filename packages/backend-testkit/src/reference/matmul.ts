/**
 * Reference batched matrix product.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, indicesOf, setAt } from './storage.js';

/** `out[..., i, j] = Σ_k a[..., i, k] * b[..., k, j]`, summed in float64 and rounded once. */
export function matmul(a: View, b: View, out: View): void {
  const r = out.shape.length;
  const K = a.shape[r - 1];
  for (const idx of indicesOf(out.shape)) {
    const ai = idx.slice(), bi = idx.slice();
    let s = 0;
    for (let k = 0; k < K; k++) {
      ai[r - 1] = k;
      bi[r - 2] = k;
      s += getAt(a, ai) * getAt(b, bi);
    }
    setAt(out, idx, s);
  }
}
