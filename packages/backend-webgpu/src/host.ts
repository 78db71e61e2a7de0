/**
 * Conversions between the dtypes' CPU arrays (what `write` takes and `read` returns) and the
 * 32-bit words the GPU holds: int64 values are checked to fit int32, float16 values rounded to
 * half, uint8/bool/int8/int16 widened to int32.
 * @module
 */
import { RuntimeError, type DType, type TypedArray } from '@torchts/core';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Rounds `x` to the nearest float16 value (ties to even) through float32, as PyTorch converts to
 * `c10::Half`; overflow gives ±Infinity.
 *
 * @example
 * roundHalf(0.1); // 0.0999755859375
 */
export function roundHalf(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const abs = bits & 0x7fffffff;
  if (abs >= 0x38800000) {
    if (abs >= 0x7f800000) return f32[0]!;
    if (abs >= 0x477ff000) return bits >>> 31 ? -Infinity : Infinity;
    u32[0] = (bits & 0x80000000) | ((abs + 0xfff + ((abs >>> 13) & 1)) & ~0x1fff);
    return f32[0]!;
  }
  const a = Math.abs(f32[0]!) * 16777216;
  let r = Math.round(a);
  if (r - a === 0.5 && (r & 1) === 1) r -= 1;
  const out = r / 16777216;
  return bits >>> 31 ? -out : out;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** The error for an int64 value the GPU's 32-bit int64 storage cannot hold. */
export function int64Overflow(value: number): RuntimeError {
  return new RuntimeError(
    `value ${value} cannot be stored in an int64 tensor on device 'webgpu': the webgpu backend stores int64 as ` +
      `32-bit integers (range [${INT32_MIN}, ${INT32_MAX}])`,
  );
}

/** `data` (the dtype's CPU array) as the words the GPU holds. */
export function toGpuWords(dtype: DType, data: TypedArray): Float32Array | Int32Array {
  const n = data.length;
  if (dtype.isFloatingPoint) {
    const out = data instanceof Float32Array && dtype.name === 'float32' ? data : new Float32Array(n);
    if (out !== data) {
      if (dtype.name === 'float16') for (let i = 0; i < n; i++) out[i] = roundHalf(data[i]!);
      else out.set(data);
    }
    return out;
  }
  if (data instanceof Int32Array) return data;
  const out = new Int32Array(n);
  if (dtype.name === 'int64') {
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (!(v >= INT32_MIN && v <= INT32_MAX)) throw int64Overflow(v);
      out[i] = v;
    }
  } else if (dtype.isBool) {
    for (let i = 0; i < n; i++) out[i] = data[i] !== 0 ? 1 : 0;
  } else out.set(data);
  return out;
}

/** The dtype's CPU array holding `n` GPU words from `bytes`. */
export function fromGpuWords(dtype: DType, bytes: ArrayBuffer, n: number): TypedArray {
  const words = dtype.isFloatingPoint ? new Float32Array(bytes, 0, n) : new Int32Array(bytes, 0, n);
  if (dtype.name === 'float32' || dtype.name === 'float16' || dtype.name === 'int32') return words;
  const out = new dtype.ArrayType(n);
  out.set(words);
  return out;
}
