/**
 * Half precision (float16) on the CPU: values live in a `Float32Array`, each rounded to the
 * nearest half, so every kernel computes in float and rounds its result with {@link roundHalf}.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { isContiguous, Loop, numelOf } from './strided.js';

// One scratch word, seen as float and as its bits.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Rounds `x` to the nearest float16 value (ties to even), returned as a JS number.
 *
 * `x` is first rounded to float32, as PyTorch converts every value to `float` before `c10::Half`
 * rounds it (so a float64 tensor cast to half rounds twice, exactly as in PyTorch).
 * Overflow gives ±Infinity, tiny values become half subnormals or ±0, NaN stays NaN.
 *
 * @example
 * roundHalf(0.1);     // 0.0999755859375
 * roundHalf(65520);   // Infinity
 */
export function roundHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0];
  const abs = bits & 0x7fffffff;
  if (abs >= 0x38800000) {
    // Normal half range (>= 2^-14).
    if (abs >= 0x7f800000) return f32[0]; // inf or NaN
    if (abs >= 0x477ff000) return bits >>> 31 ? -Infinity : Infinity; // >= 65520 rounds up to inf
    // Keep 10 of the 23 mantissa bits, round to nearest even; a carry moves into the exponent.
    const r = (abs + 0xfff + ((abs >>> 13) & 1)) & ~0x1fff;
    u32[0] = (bits & 0x80000000) | r;
    return f32[0];
  }
  // Subnormal half: a multiple of 2^-24, rounded to nearest even (exact in double).
  const a = Math.abs(f32[0]!) * 16777216;
  let r = Math.round(a);
  if (r - a === 0.5 && (r & 1) === 1) r -= 1;
  const out = r / 16777216;
  return bits >>> 31 ? -out : out;
}

/** Rounds `data[from..to)` to half precision in place. */
export function roundHalfRange(data: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) data[i] = roundHalf(data[i]);
}

/** Rounds every element of a float16 view to half precision in place (after a float kernel wrote it). */
export function roundHalfView(out: View): void {
  const o = dataOf(out) as Float32Array;
  if (isContiguous(out)) {
    roundHalfRange(o, out.offset, out.offset + numelOf(out.shape));
    return;
  }
  const loop = new Loop(out.shape, [out.strides], [out.offset], 0);
  const { n, s0 } = loop;
  loop.forEach((io) => {
    for (let k = 0; k < n; k++, io += s0) o[io] = roundHalf(o[io]!);
  });
}
