/**
 * `fill`: sets every element of a strided view to one value.
 * @module
 */
import type { View } from '@torchts/core';
import { int64Overflow, roundHalf } from '../host.js';
import { f32Bits, type GpuRuntime } from '../runtime.js';
import { elementwise } from '../strided.js';

/** The uniform word that carries `value` for `out`'s dtype (float bits, or the integer). */
export function valueWord(out: View, value: number): number {
  const dt = out.buffer.dtype;
  if (dt.isFloatingPoint) return f32Bits(dt.name === 'float16' ? roundHalf(value) : value);
  if (dt.isBool) return value !== 0 ? 1 : 0;
  if (dt.name === 'int64' && !(value >= -2147483648 && value <= 2147483647)) throw int64Overflow(value);
  // Wider values wrap as C does; the store wraps to 16/8 bits.
  return Number(BigInt.asIntN(32, BigInt(Math.trunc(value))));
}

/** Sets every element of `out` to `value` (rounded to half for float16, `!= 0` for bool). */
export function fill(rt: GpuRuntime, out: View, value: number): void {
  const word = valueWord(out, value);
  const read = out.buffer.dtype.isFloatingPoint ? 'pf(XP)' : 'p(XP)';
  elementwise(rt, {
    key: 'fill',
    shape: out.shape,
    operands: [{ name: 'out', view: out, access: 'write' }],
    body: `st_out(o_out, ${read});`,
    extra: [word],
  });
}
