/**
 * Fused softmax / log-softmax along the last dim of a contiguous tensor: one pass for the row
 * maximum, one for the float64 sum of exponentials, one to write. A row holding NaN gives NaN.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { roundBFloat16View } from './bfloat16.js';
import { roundHalfView } from './half.js';
import { numelOf } from './strided.js';

let scratch = new Float64Array(256);

/** softmax (or log-softmax when `log`) of `src` along its last dim into `out` (both contiguous). */
export function softmax(src: View, log: boolean, out: View): void {
  const S = dataOf(src), O = dataOf(out);
  const nd = src.shape.length;
  const D = nd === 0 ? 1 : src.shape[nd - 1]!;
  const total = numelOf(src.shape);
  if (D === 0 || total === 0) return;
  if (scratch.length < D) scratch = new Float64Array(D);
  const e = scratch;
  for (let r = 0, rows = total / D; r < rows; r++) {
    const si = src.offset + r * D, oi = out.offset + r * D;
    let m = -Infinity;
    let nan = false;
    for (let j = 0; j < D; j++) {
      const x = S[si + j]!;
      if (x > m) m = x;
      else if (x !== x) nan = true;
    }
    if (nan) {
      O.fill(NaN, oi, oi + D);
      continue;
    }
    let sum = 0;
    for (let j = 0; j < D; j++) {
      const v = Math.exp(S[si + j]! - m);
      e[j] = v;
      sum += v;
    }
    if (log) {
      const ls = Math.log(sum);
      for (let j = 0; j < D; j++) O[oi + j] = S[si + j]! - m - ls;
    } else {
      const inv = 1 / sum;
      for (let j = 0; j < D; j++) O[oi + j] = e[j]! * inv;
    }
  }
  if (out.buffer.dtype.name === 'float16') roundHalfView(out);
  else if (out.buffer.dtype.name === 'bfloat16') roundBFloat16View(out);
}
