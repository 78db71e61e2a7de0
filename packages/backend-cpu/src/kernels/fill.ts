/**
 * `fill`: sets every element of a strided view to one value.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { roundBFloat16 } from './bfloat16.js';
import { roundHalf } from './half.js';
import { isContiguous, Loop, numelOf } from './strided.js';

/** Sets every element of `out` to `value` (rounded for float16 and bfloat16, `!= 0` for bool). */
export function fill(out: View, value: number): void {
  const o = dataOf(out);
  const name = out.buffer.dtype.name;
  // (+ 0 keeps -0 out of integer buffers.)
  const v = name === 'float16' ? roundHalf(value) : name === 'bfloat16' ? roundBFloat16(value) : name === 'bool' ? (value !== 0 ? 1 : 0)
    : out.buffer.dtype.isFloatingPoint ? value : value + 0;
  if (isContiguous(out)) {
    o.fill(v, out.offset, out.offset + numelOf(out.shape));
    return;
  }
  const loop = new Loop(out.shape, [out.strides], [out.offset], 0);
  const { n, s0 } = loop;
  loop.forEach((io) => {
    if (s0 === 1) o.fill(v, io, io + n);
    else for (let k = 0; k < n; k++, io += s0) o[io] = v;
  });
}
