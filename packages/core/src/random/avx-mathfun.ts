/**
 * Scalar, bit-exact emulation of the float32 `log256_ps` and `sincos256_ps` of
 * `avx_mathfun.h` (Cephes polynomials by J. Pommier and G. Garberoglio) as PyTorch's
 * AVX2 kernels use them to draw float32 normals (`normal_fill_16_AVX2`).
 *
 * Every operation is rounded to float32 with `Math.fround`. PyTorch's AVX2 kernels are
 * compiled with `-mfma` and GCC fuses a multiply whose only use is an add into an FMA,
 * even between intrinsics; the fused steps use {@link fma32}.
 * @module
 * @internal
 */
import { fma32 } from './float-ops.js';

const fr = Math.fround;

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

const MIN_NORM_POS = 1.1754943508222875e-38; // 0x00800000 as float
const SQRTHF = fr(0.707106781186547524);
const LOG_P = [
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1,
  -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1,
].map(fr);
const LOG_Q1 = fr(-2.12194440e-4);
const LOG_Q2 = fr(0.693359375);

/** `log256_ps` on one lane: natural log of a float32, NaN for x <= 0. */
export function log256(xIn: number): number {
  if (!(xIn > 0)) return xIn === 0 || xIn < 0 ? NaN : xIn; // invalid mask ORs in NaN bits
  let x = fr(Math.max(xIn, MIN_NORM_POS)); // cut off denormals
  f32[0] = x;
  let bits = i32[0]!;
  const exponent = (bits >>> 23) - 0x7f;
  // Keep the significand, with the exponent of 0.5: x in [0.5, 1).
  bits = (bits & ~0x7f800000) | 0x3f000000;
  i32[0] = bits;
  x = f32[0]!;
  let e = fr(exponent + 1);
  const below = x < SQRTHF;
  const tmp = below ? x : 0;
  x = fr(x - 1);
  e = fr(e - (below ? 1 : 0));
  x = fr(x + tmp);
  const z = fr(x * x);
  let y = LOG_P[0]!;
  for (let k = 1; k < 9; k++) y = fma32(y, x, LOG_P[k]!);
  y = fr(y * x);
  // y = y * z; tmp = e * q1; y = y + tmp: GCC fuses the first product.
  y = fma32(y, z, fr(e * LOG_Q1));
  y = fr(y - fr(z * 0.5));
  x = fr(x + y);
  return fma32(e, LOG_Q2, x);
}

const MINUS_DP1 = fr(-0.78515625);
const MINUS_DP2 = fr(-2.4187564849853515625e-4);
const MINUS_DP3 = fr(-3.77489497744594108e-8);
const SINCOF_P0 = fr(-1.9515295891e-4);
const SINCOF_P1 = fr(8.3321608736e-3);
const SINCOF_P2 = fr(-1.6666654611e-1);
const COSCOF_P0 = fr(2.443315711809948e-5);
const COSCOF_P1 = fr(-1.388731625493765e-3);
const COSCOF_P2 = fr(4.166664568298827e-2);
const FOPI = fr(1.27323954473516); // 4 / pi

/** Flips the sign of a float32 when `flip` is set (the XOR with a sign mask). */
function withSign(v: number, flip: boolean): number {
  return flip ? -v : v;
}

/**
 * `sincos256_ps` on one lane: writes float32 `[sin(x), cos(x)]` into `out`.
 * Accurate for |x| < 8192, which covers PyTorch's use (0 <= x < 2 pi).
 */
export function sincos256(xIn: number, out: Float32Array | Float64Array): void {
  const signSin = xIn < 0 || Object.is(xIn, -0);
  let x = Math.abs(xIn);
  const scaled = fr(x * FOPI);
  // j = (trunc(scaled) + 1) & ~1, with cvttps' int32 conversion.
  let j = Math.trunc(scaled) | 0;
  j = (j + 1) & ~1;
  const y = fr(j);
  const swapSignSin = (j & 4) !== 0;
  const sinPoly = (j & 2) === 0; // lanes where the sine polynomial gives the sine
  // Extended precision modular arithmetic: x = ((x - y DP1) - y DP2) - y DP3, fused.
  x = fma32(y, MINUS_DP1, x);
  x = fma32(y, MINUS_DP2, x);
  x = fma32(y, MINUS_DP3, x);
  const signCos = ((~(j - 2)) & 4) !== 0;
  const flipSin = signSin !== swapSignSin;

  const z = fr(x * x);
  let c = fma32(COSCOF_P0, z, COSCOF_P1);
  c = fma32(c, z, COSCOF_P2);
  c = fr(c * z);
  c = fma32(c, z, -fr(z * 0.5)); // y * z - z * 0.5, the product fused
  c = fr(c + 1);

  let s = fma32(SINCOF_P0, z, SINCOF_P1);
  s = fma32(s, z, SINCOF_P2);
  s = fr(s * z);
  s = fma32(s, x, x);

  // Select the polynomials exactly as the masked adds do (0 + v, v - v).
  const ysin2 = sinPoly ? s : 0;
  const ysin1 = sinPoly ? 0 : c;
  const rest2 = fr(s - ysin2);
  const rest1 = fr(c - ysin1);
  out[0] = withSign(fr(ysin1 + ysin2), flipSin);
  out[1] = withSign(fr(rest1 + rest2), signCos);
}
