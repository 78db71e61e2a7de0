/**
 * `clamp`: PyTorch's `min(max(x, lo), hi)`: NaN inputs stay NaN and when lo > hi every element
 * becomes hi. A NaN bound is ignored when it is the only bound and makes everything NaN when
 * both are given (PyTorch 1.13 runs `clamp_min`/`clamp_max` for one bound and a
 * NaN-propagating min/max for two).
 * @module
 */
import type { TypedArray, View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { roundBFloat16View } from './bfloat16.js';
import { roundHalfView } from './half.js';
import { isContiguous, Loop, numelOf } from './strided.js';

function clampRow(s: TypedArray, is: number, ss: number, o: TypedArray, io: number, os: number, n: number,
  lo: number, hi: number): void {
  for (let k = 0; k < n; k++, is += ss, io += os) {
    let x = s[is]!;
    if (x < lo || lo !== lo) x = lo;
    if (x > hi) x = hi;
    o[io] = x;
  }
}

/** `out = clamp(src, min, max)`; either bound may be null (no bound). */
export function clamp(src: View, min: number | null, max: number | null, out: View): void {
  const s = dataOf(src), o = dataOf(out);
  // Comparisons with NaN are false, so NaN bounds (and NaN inputs) pass through untouched.
  let lo = min ?? -Infinity, hi = max ?? Infinity;
  if (min !== null && max !== null && (min !== min || max !== max)) {
    lo = hi = NaN;
  } else {
    if (lo !== lo) lo = -Infinity;
    if (hi !== hi) hi = Infinity;
  }
  if (isContiguous(src) && isContiguous(out)) {
    clampRow(s, src.offset, 1, o, out.offset, 1, numelOf(out.shape), lo, hi);
  } else {
    const loop = new Loop(out.shape, [src.strides, out.strides], [src.offset, out.offset], 1);
    const { n, s0, s1 } = loop;
    loop.forEach((is, io) => clampRow(s, is, s0, o, io, s1, n, lo, hi));
  }
  if (out.buffer.dtype.name === 'float16') roundHalfView(out);
  else if (out.buffer.dtype.name === 'bfloat16') roundBFloat16View(out);
}
