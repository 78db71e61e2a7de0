/**
 * glibc's double-precision `log`, `sin`, `cos` and `sincos`, reproduced bit for bit as
 * glibc 2.36 computes them on x86-64 CPUs with FMA (the `*_fma` variants libm selects at
 * load time, built with `-mfma` so the compiler fuses `a * b + c`).
 *
 * PyTorch's CPU `normal_` draws its float64 samples (and the scalar path of every dtype)
 * through these functions; V8's `Math.log`/`Math.sin`/`Math.cos` (fdlibm) differ from them
 * in the last bit for several percent of inputs, so they cannot be used.
 *
 * The algorithms are glibc's (the ARM optimized-routines `log`, the IBM Accurate
 * Mathematical Library `sin`/`cos`); the comments mark where glibc's build fuses operations.
 * @module
 * @internal
 */
import { fma } from './float-ops.js';
import { LOG_POLY, LOG_POLY1, LOG_TAB, SINCOS_TAB } from './libm-tables.js';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = 0;
const HI = 1;

function fromWords(hi: number, lo: number): number {
  u32[HI] = hi;
  u32[LO] = lo;
  return f64[0]!;
}

// ---------------------------------------------------------------------------- log

const LN2HI = 0.6931471805598903; // 0x1.62e42fefa3800p-1
const LN2LO = 5.497923018708371e-14; // 0x1.ef35793c76730p-45
const A0 = LOG_POLY[0]!, A1 = LOG_POLY[1]!, A2 = LOG_POLY[2]!, A3 = LOG_POLY[3]!, A4 = LOG_POLY[4]!;
const B = LOG_POLY1;

/** glibc's `log(x)` (x86-64, FMA variant). */
export function log(x: number): number {
  f64[0] = x;
  let hx = u32[HI]!;
  const lx = u32[LO]!;
  // Close to 1 (1 - 2^-4 <= x < 1 + 0x1.09p-4), where the table is not accurate enough.
  // Both bounds have zero low words, so comparing high words is exact.
  if (((hx - 0x3fee0000) >>> 0) < 0x3ff10900 - 0x3fee0000) return logNearOne(x);
  const top = hx >>> 16;
  if (((top - 0x0010) >>> 0) >= 0x7ff0 - 0x0010) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return x;
    if ((top & 0x8000) !== 0 || (top & 0x7ff0) === 0x7ff0) return NaN;
    // Subnormal: scale by 2^52 and take 52 off the exponent field.
    f64[0] = x * 4503599627370496;
    hx = (u32[HI]! - (52 << 20)) | 0;
    return logTable(hx, u32[LO]!);
  }
  return logTable(hx, lx);
}

function logNearOne(x: number): number {
  if (x === 1) return 0;
  const r = x - 1.0;
  const r2 = r * r;
  const r3 = r * r2;
  const p3 = fma(r3, B[10]!, fma(r2, B[9]!, fma(r, B[8]!, B[7]!)));
  const p2 = fma(r3, p3, fma(r2, B[6]!, fma(r, B[5]!, B[4]!)));
  const p1 = fma(r3, p2, fma(r2, B[3]!, fma(r, B[2]!, B[1]!)));
  // Split r = rhi + rlo with rhi of 26 bits so that rhi * rhi is exact.
  const w = r * 134217728; // 0x1p27
  const rhi = r + w - w;
  const rlo = r - rhi;
  // glibc: w = rhi * rhi * B[0]; hi = r + w; lo = r - hi + w; the product (exact, as
  // B[0] = -0.5) is fused into both sums.
  const t = rhi * rhi;
  const hi = fma(t, B[0]!, r);
  let lo = fma(t, B[0]!, r - hi);
  lo = fma(B[0]! * rlo, rhi + r, lo);
  // glibc: y = r3 * p1; y += lo (fused); y += hi.
  return fma(r3, p1, lo) + hi;
}

/** The table path of log, on the raw words of x (x = 2^k z, z in [OFF, 2 OFF)). */
function logTable(hx: number, lx: number): number {
  const tmpHi = (hx - 0x3fe60000) | 0; // OFF = 0x3fe6000000000000
  const i = (tmpHi >>> 13) & 127; // (tmp >> 45) % 128
  const k = tmpHi >> 20;
  const z = fromWords((hx - (tmpHi & 0xfff00000)) >>> 0, lx);
  const invc = LOG_TAB[2 * i]!;
  const logc = LOG_TAB[2 * i + 1]!;
  const r = fma(z, invc, -1.0);
  const kd = k;
  const w = fma(kd, LN2HI, logc);
  const hi = w + r;
  const lo = fma(kd, LN2LO, w - hi + r);
  const r2 = r * r;
  const poly = fma(r2, fma(r, A4, A3), fma(r, A2, A1));
  return fma(r * r2, poly, fma(r2, A0, lo)) + hi;
}

// ---------------------------------------------------------------------- sin / cos

const SN3 = -1.66666666666664880952546298448555e-1;
const SN5 = 8.33333214285722277379541354343671e-3;
const CS2 = 4.99999999999999999999950396842453e-1;
const CS4 = -4.16666666666664434524222570944589e-2;
const CS6 = 1.38888874007937613028114285595617e-3;
const S1 = -0.16666666666666666; // -0x1.5555555555555p-3
const S2 = 0.008333333333332329; // 0x1.1111111110ECEp-7
const S3 = -0.00019841269834414642; // -0x1.A01A019DB08B8p-13
const S4 = 2.755729806860771e-6; // 0x1.71DE27B9A7ED9p-19
const S5 = -2.5022014848318398e-8; // -0x1.ADDFFC2FCDF59p-26
const BIG = 52776558133248; // 0x1.8p45: adding it rounds |x| to a multiple of 1/128
const HP0 = 1.5707963267948966; // 0x1.921FB54442D18p0
const HP1 = 6.123233995736766e-17; // 0x1.1A62633145C07p-54
const MP1 = 1.5707963407039642; // 0x1.921FB58000000p0
const MP2 = -1.3909067564377153e-8; // -0x1.DDE973C000000p-27
const PP3 = -4.9789962314799099e-17; // -0x1.CB3B398000000p-55
const PP4 = -1.9034889620193266e-25; // -0x1.d747f23e32ed7p-83
const HPINV = 0.6366197723675814; // 0x1.45F306DC9C883p-1
const TOINT = 6755399441055744; // 0x1.8p52

/** Index into the sin/cos table of the multiple of 1/128 that `BIG + |x|` rounded to. */
function tableIndex(u: number): number {
  f64[0] = u;
  return u32[LO]! << 2;
}

function doCos(x: number, dx: number): number {
  if (x < 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  x = ax - (u - BIG) + dx;
  const xx = x * x;
  const s = fma(x * xx, fma(xx, SN5, SN3), x);
  const c = xx * fma(xx, fma(xx, CS6, CS4), CS2);
  const k = tableIndex(u);
  const sn = SINCOS_TAB[k]!, ssn = SINCOS_TAB[k + 1]!, cs = SINCOS_TAB[k + 2]!, ccs = SINCOS_TAB[k + 3]!;
  const cor = fma(-sn, s, fma(-cs, c, fma(-s, ssn, ccs)));
  return cs + cor;
}

function doSin(x: number, dx: number): number {
  const xold = x;
  if (Math.abs(x) < 0.126) {
    const xx = x * x;
    const poly = fma(fma(fma(fma(S5, xx, S4), xx, S3), xx, S2), xx, S1);
    const t = fma(fma(poly, x, -(0.5 * dx)), xx, dx);
    return x + t;
  }
  if (x <= 0) dx = -dx;
  const ax = Math.abs(x);
  const u = BIG + ax;
  x = ax - (u - BIG);
  const xx = x * x;
  const s = x + fma(x * xx, fma(xx, SN5, SN3), dx);
  const c = fma(x, dx, xx * fma(xx, fma(xx, CS6, CS4), CS2));
  const k = tableIndex(u);
  const sn = SINCOS_TAB[k]!, ssn = SINCOS_TAB[k + 1]!, cs = SINCOS_TAB[k + 2]!, ccs = SINCOS_TAB[k + 3]!;
  const cor = fma(cs, s, fma(-sn, c, fma(s, ccs, ssn)));
  const res = sn + cor;
  return xold < 0 || Object.is(xold, -0) ? -Math.abs(res) : Math.abs(res);
}

/** Range reduction for 2.426265 < |x| < 105414350: returns [a, da, quadrant]. */
function reduceSincos(x: number, out: Float64Array): number {
  const t = fma(x, HPINV, TOINT);
  const xn = t - TOINT;
  f64[0] = t;
  const n = u32[LO]! & 3;
  const y = fma(-xn, MP2, fma(-xn, MP1, x));
  // t1 = xn * pp3 is fused into both of its uses.
  const t2 = fma(-xn, PP3, y);
  let db = fma(-xn, PP3, y - t2);
  const b = fma(-xn, PP4, t2);
  db += fma(-xn, PP4, t2 - b);
  out[0] = b;
  out[1] = db;
  return n;
}

const reduced = new Float64Array(2);

function doSincos(a: number, da: number, n: number): number {
  const r = n & 1 ? doCos(a, da) : doSin(a, da);
  return n & 2 ? -r : r;
}

/** The high word of |x|, glibc's way of classifying the argument. */
function absHighWord(x: number): number {
  f64[0] = x;
  return u32[HI]! & 0x7fffffff;
}

/** glibc's `sin(x)` (x86-64, FMA variant), for |x| < 105414350 and non-finite x. */
export function sin(x: number): number {
  const k = absHighWord(x);
  if (k < 0x3e500000) return x;
  if (k < 0x3feb6000) return doSin(x, 0);
  if (k < 0x400368fd) {
    const t = HP0 - Math.abs(x);
    const r = doCos(t, HP1);
    return x < 0 ? -Math.abs(r) : Math.abs(r);
  }
  if (k < 0x419921fb) {
    const n = reduceSincos(x, reduced);
    return doSincos(reduced[0]!, reduced[1]!, n);
  }
  if (k < 0x7ff00000) return hugeArgument(x);
  return NaN;
}

/** glibc's `cos(x)` (x86-64, FMA variant), for |x| < 105414350 and non-finite x. */
export function cos(x: number): number {
  const k = absHighWord(x);
  if (k < 0x3e400000) return 1.0;
  if (k < 0x3feb6000) return doCos(x, 0);
  if (k < 0x400368fd) {
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    const da = (y - a) + HP1;
    return doSin(a, da);
  }
  if (k < 0x419921fb) {
    const n = reduceSincos(x, reduced);
    return doSincos(reduced[0]!, reduced[1]!, n + 1);
  }
  if (k < 0x7ff00000) return hugeArgument(x);
  return NaN;
}

/**
 * glibc's `sincos(x)`, which GCC substitutes for a `sin` and a `cos` of the same
 * argument. It equals `[sin(x), cos(x)]` except that for 0.855469 < |x| < 2.426265
 * its sine reduces the argument differently. Writes `[sin, cos]` into `out`.
 */
export function sincos(x: number, out: Float64Array): void {
  const k = absHighWord(x);
  if (k < 0x400368fd) {
    if (k < 0x3e400000) {
      out[0] = x;
      out[1] = 1.0;
      return;
    }
    if (k < 0x3feb6000) {
      out[0] = doSin(x, 0);
      out[1] = doCos(x, 0);
      return;
    }
    const y = HP0 - Math.abs(x);
    const a = y + HP1;
    const da = (y - a) + HP1;
    const c = doCos(a, da);
    out[0] = x < 0 ? -Math.abs(c) : Math.abs(c);
    out[1] = doSin(a, da);
    return;
  }
  if (k < 0x7ff00000) {
    if (k >= 0x419921fb) {
      out[0] = hugeArgument(x);
      out[1] = hugeArgument(x);
      return;
    }
    const n = reduceSincos(x, reduced);
    out[0] = doSincos(reduced[0]!, reduced[1]!, n);
    out[1] = doSincos(reduced[0]!, reduced[1]!, n + 1);
    return;
  }
  out[0] = NaN;
  out[1] = NaN;
}

function hugeArgument(x: number): never {
  throw new RangeError(`libm: |x| >= 105414350 is not supported here (got ${x})`);
}
