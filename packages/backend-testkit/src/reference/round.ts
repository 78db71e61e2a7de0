/**
 * Rounding of float64 results to a dtype, the last step of every reference kernel.
 * @module
 */
import type { DType } from '@torchts/core';

/**
 * Rounds a float64 value to the nearest float16 (ties to even), keeping it a JS number.
 * Overflow gives ±Infinity and tiny values become half subnormals or ±0, as IEEE half does.
 *
 * @example
 * roundHalf(1 / 3); // 0.333251953125
 * roundHalf(65520); // Infinity
 */
export function roundHalf(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const a = Math.abs(x);
  // 65520 is halfway between the largest half (65504) and 2^16: ties to even go up to inf.
  if (a >= 65520) return x > 0 ? Infinity : -Infinity;
  let e = Math.floor(Math.log2(a));
  // Math.log2 may be off by one next to powers of two: fix e so that 2^e <= a < 2^(e+1).
  if (2 ** e > a) e -= 1;
  if (2 ** (e + 1) <= a) e += 1;
  // Half has 10 fraction bits; below 2^-14 the spacing stays 2^-24 (subnormals).
  const ulp = 2 ** (Math.max(e, -14) - 10);
  const r = roundTiesToEven(a / ulp) * ulp;
  return x < 0 ? -r : r;
}

/**
 * Rounds a float64 value to the nearest bfloat16 (ties to even), keeping it a JS number. As in
 * PyTorch, the value is first rounded to float32 (`c10::BFloat16` is built from a `float`), then to
 * 8 significant bits; bfloat16 has float32's exponent range, so its subnormals are float32's
 * (spacing 2^-133 below 2^-126) and overflow past the largest bfloat16 gives ±Infinity.
 *
 * @example
 * roundBFloat16(1 / 3);  // 0.333984375
 * roundBFloat16(3.4e38); // Infinity
 */
export function roundBFloat16(x: number): number {
  const f = Math.fround(x);
  if (!Number.isFinite(f) || f === 0) return f;
  const a = Math.abs(f);
  let e = Math.floor(Math.log2(a));
  // Math.log2 may be off by one next to powers of two: fix e so that 2^e <= a < 2^(e+1).
  if (2 ** e > a) e -= 1;
  if (2 ** (e + 1) <= a) e += 1;
  // 7 fraction bits; below 2^-126 the spacing stays 2^-133 (subnormals). 2^128 is infinity.
  const ulp = 2 ** (Math.max(e, -126) - 7);
  const r = roundTiesToEven(a / ulp) * ulp;
  const out = r >= 2 ** 128 ? Infinity : r;
  return f < 0 ? -out : out;
}

/** Rounds to the nearest integer, ties to even (as IEEE `rint` and PyTorch's `round`). */
export function roundTiesToEven(v: number): number {
  if (!Number.isFinite(v)) return v;
  const a = Math.abs(v);
  const f = Math.floor(a);
  const d = a - f;
  const r = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  return v < 0 ? -r : r; // keeps the sign of zero: round(-0.4) is -0
}

/** Wraps an integer-valued number to a signed 64-bit integer (exact only below 2^53). */
function wrapInt64(t: number): number {
  if (Math.abs(t) < 2 ** 63) return t;
  return Number(BigInt.asIntN(64, BigInt(t)));
}

/**
 * Rounds a float64 result to what `dtype` stores: `Math.fround` for float32, {@link roundHalf}
 * for float16, {@link roundBFloat16} for bfloat16, truncation and two's-complement wrap for integers, 0/1 for bool (NaN is true).
 *
 * Converting NaN, ±Infinity or an out-of-range float to an integer is undefined behaviour in
 * PyTorch (C++); here it wraps as TypedArrays do, and the suite never tests it.
 *
 * @example
 * roundTo(int8, 200);      // -56
 * roundTo(float32, 0.1);   // 0.10000000149011612
 */
export function roundTo(dtype: DType, x: number): number {
  switch (dtype.name) {
    case 'float64':
      return x;
    case 'float32':
      return Math.fround(x);
    case 'float16':
      return roundHalf(x);
    case 'bfloat16':
      return roundBFloat16(x);
    case 'bool':
      return x !== 0 ? 1 : 0;
    case 'int64':
      return Number.isFinite(x) ? wrapInt64(Math.trunc(x)) + 0 : 0; // + 0 turns -0 into 0
    case 'int32':
      return Math.trunc(x) | 0;
    case 'int16':
      return (Math.trunc(x) << 16) >> 16;
    case 'int8':
      return (Math.trunc(x) << 24) >> 24;
    case 'uint8':
      return Math.trunc(x) & 255;
  }
}
