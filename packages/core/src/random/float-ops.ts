/**
 * Exactly rounded floating-point helpers that JavaScript lacks: fused multiply-add
 * in float64 and float32, and rounding to float16. PyTorch's CPU kernels (and glibc's
 * libm on x86-64 with FMA) are compiled with FMA contraction, so reproducing their
 * numbers bit for bit needs a true single-rounding `a * b + c`.
 * @module
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
// Little-endian hosts (every JS engine that matters): u32[0] is the low word.
const LO = 0;
const HI = 1;

/** 2^27 + 1: Veltkamp's splitter for binary64. */
const SPLITTER = 134217729;

/**
 * `a * b + c` with a single rounding (C's `fma`), for finite arguments whose product
 * and sum neither overflow nor fall deep into the subnormal range.
 *
 * The product is split exactly (Dekker's TwoProduct), added to `c` exactly (TwoSum), and
 * the two error terms are summed with rounding to odd before the final rounding, which
 * makes the result correctly rounded (Boldo & Melquiond, 2008).
 *
 * @example
 * ```ts
 * fma(0.1, 10, -1); // 5.551115123125783e-17, where 0.1 * 10 - 1 gives 0
 * ```
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (p === 0 || p - p !== 0 || c - c !== 0) return p + c; // zeros, infinities, NaN
  // Exact product p + pl.
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  // c + p = th + tl exactly.
  const th = c + p;
  let bv = th - c;
  const tl = (c - (th - bv)) + (p - bv);
  // v = tl + pl rounded to odd.
  let v = tl + pl;
  bv = v - tl;
  const e = (tl - (v - bv)) + (pl - bv);
  if (e !== 0) {
    f64[0] = v;
    const lo = u32[LO]!;
    if ((lo & 1) === 0) {
      // Step one ulp towards the exact sum (v != 0 here), which makes the last bit odd.
      if ((e > 0) === (v > 0)) {
        if (lo === 0xffffffff) { u32[LO] = 0; u32[HI] = u32[HI]! + 1; } else u32[LO] = lo + 1;
      } else {
        if (lo === 0) { u32[LO] = 0xffffffff; u32[HI] = u32[HI]! - 1; } else u32[LO] = lo - 1;
      }
      v = f64[0]!;
    }
  }
  return th + v;
}

/**
 * `a * b + c` in float32 with a single rounding (`fmaf`, `_mm256_fmadd_ps`), for float32
 * arguments. Their product is exact in float64, so `fround(a * b + c)` is right unless
 * the float64 sum fell exactly halfway between two float32 values while being inexact:
 * only then does the exact sum decide the direction.
 */
export function fma32(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  if (r === s) return r;
  // If s is a halfway point, o is the float32 on its other side.
  const o = 2 * s - r;
  if (s - r !== o - s || Math.fround(o) !== o) return r;
  const bv = s - p;
  const e = (p - (s - bv)) + (c - bv);
  if (e === 0) return r; // a true tie, already rounded to even
  return (e > 0) === (o > r) ? o : r;
}

/**
 * Rounds a number to the nearest float16 (ties to even) and returns it as a JS number,
 * as `static_cast<at::Half>(float)` does. Values past the float16 range become ±Infinity.
 */
export function roundToFloat16(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const ax = Math.abs(x);
  if (ax >= 65520) return x > 0 ? Infinity : -Infinity; // 65520 rounds up past the max (65504)
  // Quantum of float16 at this magnitude: 2^(e - 10), never below the subnormal step 2^-24.
  const e = Math.max(Math.floor(Math.log2(ax)), -14);
  let q = 2 ** (e - 10);
  // log2 may be off by one near powers of two; fix the exponent exactly.
  if (ax >= 2 ** (e + 1)) q *= 2;
  else if (e > -14 && ax < 2 ** e) q /= 2;
  const scaled = ax / q; // exact: q is a power of two
  let r = Math.round(scaled);
  if (r - scaled === 0.5 && r % 2 === 1) r -= 1; // Math.round rounds ties up: make it even
  return Math.sign(x) * r * q;
}
