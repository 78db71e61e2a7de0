/**
 * `where`: `out = cond ? a : b` with all three broadcast to out's shape.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { Loop } from './strided.js';

/** `out = cond ? a : b`; cond is bool, a, b and out share one dtype, all broadcast to out's shape. */
export function where(cond: View, a: View, b: View, out: View): void {
  const C = dataOf(cond), A = dataOf(a), B = dataOf(b), O = dataOf(out);
  const loop = new Loop(out.shape, [cond.strides, a.strides, b.strides, out.strides],
    [cond.offset, a.offset, b.offset, out.offset], 3);
  const { n, s0, s1, s2, s3 } = loop;
  loop.forEach((ic, ia, ib, io) => {
    for (let k = 0; k < n; k++, ic += s0, ia += s1, ib += s2, io += s3) O[io] = C[ic] !== 0 ? A[ia]! : B[ib]!;
  });
}
