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
 * Rounds `x + y` to odd: exact results are returned as is; inexact ones become the
 * neighbour of the exact sum whose last significand bit is 1. Double rounding through
 * a round-to-odd intermediate is exact (Boldo & Melquiond, 2008).
 */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bv = s - x;
  const e = (x - (s - bv)) + (y - bv);
  if (e === 0 || !Number.isFinite(s)) return s;
  f64[0] = s;
  if ((u32[LO]! & 1) === 1) return s;
  // Step one ulp towards the exact value (s and e have different magnitudes; s != 0).
  const away = (e > 0) === (s > 0);
  if (away) {
    if (u32[LO] === 0xffffffff) { u32[LO] = 0; u32[HI] = u32[HI]! + 1; } else u32[LO] = u32[LO]! + 1;
  } else {
    if (u32[LO] === 0) { u32[LO] = 0xffffffff; u32[HI] = u32[HI]! - 1; } else u32[LO] = u32[LO]! - 1;
  }
  return f64[0]!;
}

/**
 * `a * b + c` with a single rounding (C's `fma`), for finite arguments whose product
 * and sum neither overflow nor fall deep into the subnormal range.
 *
 * @example
 * ```ts
 * fma(0.1, 10, -1); // 5.551115123125783e-17, where 0.1 * 10 - 1 gives 0
 * ```
 */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c) || p === 0) return p + c;
  // Exact product p + pl (Dekker's TwoProduct with Veltkamp splitting).
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const pl = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
  // c + p = th + tl exactly (TwoSum).
  const th = c + p;
  const bv = th - c;
  const tl = (c - (th - bv)) + (p - bv);
  // Result = RN(th + RO(tl + pl)).
  return th + addRoundToOdd(tl, pl);
}

/**
 * `a * b + c` in float32 with a single rounding (`fmaf`, `_mm256_fmadd_ps`). The float32
 * product is exact in float64, so only the addition needs care.
 */
export function fma32(a: number, b: number, c: number): number {
  return Math.fround(addRoundToOdd(a * b, c));
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
