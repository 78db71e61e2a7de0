/**
 * `clamp`: PyTorch's `min(max(x, lo), hi)`: NaN inputs stay NaN, lo > hi gives hi everywhere, a
 * NaN bound is ignored when it is the only one and makes everything NaN when both are given.
 * @module
 */
import type { View } from '@torchts/core';
import { roundHalf } from '../host.js';
import { f32Bits, type GpuRuntime } from '../runtime.js';
import { elementwise } from '../strided.js';

const I32_MIN = -2147483648, I32_MAX = 2147483647;

/** `out = clamp(src, min, max)`; either bound may be null (no bound). */
export function clamp(rt: GpuRuntime, src: View, min: number | null, max: number | null, out: View): void {
  const float = src.buffer.dtype.isFloatingPoint;
  let lo = min ?? -Infinity, hi = max ?? Infinity;
  if (min !== null && max !== null && (Number.isNaN(min) || Number.isNaN(max))) lo = hi = NaN;
  else {
    if (Number.isNaN(lo)) lo = -Infinity;
    if (Number.isNaN(hi)) hi = Infinity;
  }
  let extra: number[];
  if (float) {
    const half = src.buffer.dtype.name === 'float16';
    extra = [f32Bits(half ? roundHalf(lo) : lo), f32Bits(half ? roundHalf(hi) : hi)];
  } else {
    // Stored integers lie in int32: bounds beyond it act as no bound.
    const toInt = (v: number): number => (v <= I32_MIN ? I32_MIN : v >= I32_MAX ? I32_MAX : Math.trunc(v));
    extra = [toInt(lo), toInt(hi)];
  }
  const body = float
    ? `var x = ld_src(o_src);
  let lo = pf(XP);
  let hi = pf(XP + 1);
  if (!is_nan(x)) {
    if (x < lo || is_nan(lo)) { x = lo; }
    if (x > hi) { x = hi; }
  }
  st_out(o_out, x);`
    : `st_out(o_out, min(max(ld_src(o_src), p(XP)), p(XP + 1)));`;
  elementwise(rt, {
    key: 'clamp',
    shape: out.shape,
    operands: [{ name: 'src', view: src, access: 'read' }, { name: 'out', view: out, access: 'write' }],
    body,
    extra,
  });
}
