/**
 * bfloat16 on the CPU: values live in a `Float32Array`, each rounded to the nearest bfloat16
 * (float32 with its low 16 bits cleared), so every kernel computes in float and rounds its result
 * with {@link roundBFloat16}, as float16 does with `roundHalf`.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { isContiguous, Loop, numelOf } from './strided.js';

// One scratch word, seen as float and as its bits.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Rounds `x` to the nearest bfloat16 value (ties to even), returned as a JS number.
 *
 * `x` is first rounded to float32, as PyTorch converts every value to `float` before
 * `c10::BFloat16` rounds it (`round_to_nearest_even`), so a float64 tensor cast to bfloat16 rounds
 * twice, exactly as in PyTorch. Past the largest bfloat16 (about 3.39e38) values become ±Infinity;
 * NaN stays NaN.
 *
 * @example
 * roundBFloat16(0.1);    // 0.10009765625
 * roundBFloat16(1000.7); // 1000
 */
export function roundBFloat16(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  if ((bits & 0x7fffffff) > 0x7f800000) return NaN;
  // Add 0x7fff plus the lowest kept bit, then clear the low 16 bits: round to nearest even. A carry
  // moves into the exponent (up to infinity), as in c10's round_to_nearest_even.
  u32[0] = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
  return f32[0]!;
}

/** Rounds `data[from..to)` to bfloat16 precision in place. */
export function roundBFloat16Range(data: Float32Array, from: number, to: number): void {
  for (let i = from; i < to; i++) data[i] = roundBFloat16(data[i]!);
}

/** Rounds every element of a bfloat16 view to bfloat16 precision in place (after a float kernel wrote it). */
export function roundBFloat16View(out: View): void {
  const o = dataOf(out) as Float32Array;
  if (isContiguous(out)) {
    roundBFloat16Range(o, out.offset, out.offset + numelOf(out.shape));
    return;
  }
  const loop = new Loop(out.shape, [out.strides], [out.offset], 0);
  const { n, s0 } = loop;
  loop.forEach((io) => {
    for (let k = 0; k < n; k++, io += s0) o[io] = roundBFloat16(o[io]!);
  });
}
