/**
 * bfloat16 on the CPU: values live in a `Float32Array`, each rounded to the nearest bfloat16
 * (float32 with its low 16 bits cleared), so every kernel computes in float and rounds its result
 * with core's `roundBFloat16`, as float16 does with `roundHalf`.
 * @module
 */
import { roundBFloat16, type View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { isContiguous, Loop, numelOf } from './strided.js';

export { roundBFloat16 };

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
