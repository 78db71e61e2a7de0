/**
 * Rounding to bfloat16: for the values core computes itself (`arange`, `linspace`) and for the
 * CPU backend's kernels, which hold bfloat16 tensors as float32 values rounded with it.
 * @module
 */

// One scratch word, seen as float and as its bits.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/**
 * Rounds `x` to the nearest bfloat16 (ties to even) and returns it as a JS number, as
 * `static_cast<c10::BFloat16>(float)` does: `x` is rounded to float32 first (so a float64 value
 * rounds twice, exactly as in PyTorch), then its low 16 bits are rounded off; a carry moves into
 * the exponent. Past the bfloat16 range values become ±Infinity; NaN stays NaN.
 *
 * @example
 * ```ts
 * roundBFloat16(0.1);    // 0.10009765625
 * roundBFloat16(1000.7); // 1000
 * ```
 */
export function roundBFloat16(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  if ((bits & 0x7fffffff) > 0x7f800000) return NaN;
  u32[0] = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
  return f32[0]!;
}
