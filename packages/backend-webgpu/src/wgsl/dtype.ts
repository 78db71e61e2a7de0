/**
 * How each dtype lives on the GPU. Every element takes one 32-bit word, so that any invocation
 * can write any element without racing its neighbours: float32 as `f32`; float16 as an `f32`
 * rounded to half precision after every store (computing in float and rounding, as PyTorch's
 * CPU does, on every adapter, with or without `shader-f16`); int32, int16, int8, uint8 and bool
 * as `i32` wrapped to their width on store; int64 as `i32` (the host checks that written values
 * fit). float64 and bfloat16 are not stored at all: WGSL has no 64-bit floats and no bfloat16.
 * @module
 */
import type { DType } from '@torchts/core';

/** The WGSL type a dtype is stored and computed in. */
export type WgslType = 'f32' | 'i32';

/** Whether the GPU stores `dtype` (everything but float64 and bfloat16). */
export function gpuSupports(dtype: DType): boolean {
  return dtype.name !== 'float64' && dtype.name !== 'bfloat16';
}

/** Why the GPU does not store `dtype` (for the error that refuses it), or null when it does. */
export function gpuUnsupportedReason(dtype: DType): string | null {
  if (dtype.name === 'float64') return 'WGSL has no 64-bit floats';
  if (dtype.name === 'bfloat16') return 'WGSL has no bfloat16';
  return null;
}

/** The WGSL scalar type of `dtype`'s storage and arithmetic. */
export function wgslType(dtype: DType): WgslType {
  return dtype.isFloatingPoint ? 'f32' : 'i32';
}

/**
 * A WGSL expression that turns a computed value `v` (of {@link wgslType}) into what `dtype`
 * stores: rounded to half, wrapped to 16/8 bits, 0/1 for bool.
 */
export function storeExpr(dtype: DType, v: string): string {
  switch (dtype.name) {
    case 'float16': return `round_half(${v})`;
    case 'int16': return `((${v} << 16u) >> 16u)`;
    case 'int8': return `((${v} << 24u) >> 24u)`;
    case 'uint8': return `(${v} & 255)`;
    case 'bool': return `select(0, 1, ${v} != 0)`;
    default: return v;
  }
}

/**
 * A WGSL expression converting `v`, a computed value of dtype `from`, into `to`'s computed type,
 * as PyTorch's `copy_` does (the store then wraps or rounds): float to integer truncates toward
 * zero, with NaN and out-of-range values giving -2^31 first (x86's `cvttss2si`); anything to bool
 * is `!= 0`, NaN being true.
 */
export function castExpr(from: DType, to: DType, v: string): string {
  if (to.isBool) return from.isFloatingPoint ? `select(0, 1, nonzero_f(${v}))` : `select(0, 1, ${v} != 0)`;
  const a = wgslType(from), b = wgslType(to);
  if (a === b) return v;
  return b === 'f32' ? `f32(${v})` : `f2i(${v})`;
}
