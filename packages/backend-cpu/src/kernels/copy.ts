/**
 * `copy`: strided to strided, converting dtypes as PyTorch's `copy_` / `Tensor.to` do on x86-64.
 *
 * Conversion rules:
 * - float -> int truncates toward zero. NaN, ±Infinity and values outside the int32 range
 *   become -2^31 before narrowing (so int32 gets -2147483648 and int16/int8/uint8 get 0);
 *   for int64 the same holds with the int64 range and -2^63. This is what PyTorch's
 *   conversions give on x86-64 (`cvttss2si`), and it is deterministic.
 * - int -> narrower int (and in-range float -> uint8/int8/int16) wraps modulo 2^bits, like C.
 * - anything -> bool is `x != 0` (NaN is true).
 * - anything -> float16 rounds to the nearest half, ties to even, via float32 as PyTorch does;
 *   anything -> bfloat16 likewise rounds to the nearest bfloat16.
 * @module
 */
import type { DType, TypedArray, View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { roundBFloat16 } from './bfloat16.js';
import { roundHalf } from './half.js';
import { isContiguous, Loop, numelOf } from './strided.js';

/** How values are converted on their way from one dtype to another. */
export enum Cast {
  /** A plain TypedArray store does it (same kind, int -> int, anything -> float32/float64). */
  Plain,
  /** Round to half precision. */
  Half,
  /** Round to bfloat16 precision. */
  BFloat16,
  /** `x != 0`. */
  Bool,
  /** float -> int32 and narrower: out-of-range and NaN become -2^31, then wrap. */
  FloatToInt32,
  /** float -> int64: truncate; out-of-range and NaN become -2^63. */
  FloatToInt64,
}

/** The conversion `copy` applies from `from` to `to`. */
export function castKind(from: DType, to: DType): Cast {
  if (to.name === 'bool') return from.name === 'bool' ? Cast.Plain : Cast.Bool;
  if (to.name === 'float16') return from.name === 'float16' ? Cast.Plain : Cast.Half;
  if (to.name === 'bfloat16') return from.name === 'bfloat16' ? Cast.Plain : Cast.BFloat16;
  if (to.isFloatingPoint || !from.isFloatingPoint) return Cast.Plain;
  return to.name === 'int64' ? Cast.FloatToInt64 : Cast.FloatToInt32;
}

const INT64_MIN = -9223372036854775808;

/** Converts `n` elements from `s` (stride `ss`) into `o` (stride `os`) with conversion `kind`. */
export function castRow(kind: Cast, s: TypedArray, is: number, ss: number, o: TypedArray, io: number,
  os: number, n: number): void {
  switch (kind) {
    case Cast.Plain:
      if (ss === 1 && os === 1) {
        // copyWithin and set both handle overlapping ranges of one buffer.
        if (s === o) o.copyWithin(io, is, is + n);
        else o.set(s.subarray(is, is + n), io);
        return;
      }
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = s[is]!;
      return;
    case Cast.Half:
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = roundHalf(s[is]!);
      return;
    case Cast.BFloat16:
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = roundBFloat16(s[is]!);
      return;
    case Cast.Bool:
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = s[is] !== 0 ? 1 : 0;
      return;
    case Cast.FloatToInt32:
      for (let k = 0; k < n; k++, is += ss, io += os) {
        const v = s[is]!;
        o[io] = v > -2147483649 && v < 2147483648 ? v : -2147483648;
      }
      return;
    case Cast.FloatToInt64:
      for (let k = 0; k < n; k++, is += ss, io += os) {
        const v = s[is]!;
        o[io] = v >= INT64_MIN && v < 9223372036854775808 ? Math.trunc(v) + 0 : INT64_MIN; // + 0: no -0 in int64
      }
      return;
  }
}

/** Copies `src` into `out` (same shape), converting to out's dtype. */
export function copy(src: View, out: View): void {
  const s = dataOf(src), o = dataOf(out);
  const kind = castKind(src.buffer.dtype, out.buffer.dtype);
  if (isContiguous(src) && isContiguous(out)) {
    castRow(kind, s, src.offset, 1, o, out.offset, 1, numelOf(out.shape));
    return;
  }
  const loop = new Loop(out.shape, [src.strides, out.strides], [src.offset, out.offset], 1);
  const { n, s0, s1 } = loop;
  loop.forEach((is, io) => castRow(kind, s, is, s0, o, io, s1, n));
}
