/**
 * Python's float formatting (`'{:.4f}'.format(x)`, `'{:.4e}'.format(x)`), which tensor printing
 * is built on. Both are correctly rounded from the exact binary value with ties to even, as
 * CPython's dtoa does; JS's `toFixed`/`toExponential` round ties away from zero, so they are
 * not used.
 * @module
 */

const view = new DataView(new ArrayBuffer(8));

/** Splits a finite, positive double into `m * 2 ** e` with an integer `m`. */
function decompose(x: number): [bigint, number] {
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return biased === 0 ? [m, -1074] : [m | (1n << 52n), biased - 1075];
}

/** `m * 2**e * 10**k` as a fraction `[num, den]` of non-negative BigInts. */
function scaled(m: bigint, e: number, k: number): [bigint, bigint] {
  let num = m;
  let den = 1n;
  if (e >= 0) num <<= BigInt(e);
  else den <<= BigInt(-e);
  if (k >= 0) num *= 10n ** BigInt(k);
  else den *= 10n ** BigInt(-k);
  return [num, den];
}

/** `m * 2**e * 10**k` rounded to an integer, ties to even. */
function roundScaled(m: bigint, e: number, k: number): bigint {
  const [num, den] = scaled(m, e, k);
  const q = num / den;
  const twice = 2n * (num - q * den);
  if (twice > den || (twice === den && (q & 1n) === 1n)) return q + 1n;
  return q;
}

function nonFinite(x: number): string | undefined {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return undefined;
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

/**
 * Formats `x` with `precision` digits after the point, as Python's `'{:.Nf}'.format(x)`.
 *
 * @example
 * ```ts
 * formatFixed(0.03125, 4); // '0.0312' (ties to even)
 * formatFixed(-1e-5, 4);   // '-0.0000'
 * formatFixed(2.5, 0);     // '2'
 * ```
 */
export function formatFixed(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  const sign = signOf(x);
  let digits = '0';
  if (x !== 0) {
    const [m, e] = decompose(Math.abs(x));
    digits = roundScaled(m, e, precision).toString();
  }
  if (precision === 0) return sign + digits;
  digits = digits.padStart(precision + 1, '0');
  const cut = digits.length - precision;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/**
 * Formats `x` in scientific notation with `precision` digits after the point, as Python's
 * `'{:.Ne}'.format(x)` (the exponent has at least two digits).
 *
 * @example
 * ```ts
 * formatExponential(0.1, 4);  // '1.0000e-01'
 * formatExponential(1e100, 2); // '1.00e+100'
 * ```
 */
export function formatExponential(x: number, precision: number): string {
  const special = nonFinite(x);
  if (special !== undefined) return special;
  const sign = signOf(x);
  let digits: string;
  let exp = 0;
  if (x === 0) {
    digits = '0'.repeat(precision + 1);
  } else {
    const ax = Math.abs(x);
    const [m, e] = decompose(ax);
    // The decimal exponent: estimate, then make 10**exp <= ax < 10**(exp + 1) exactly.
    exp = Math.floor(Math.log10(ax));
    for (;;) {
      const [num, den] = scaled(m, e, -exp);
      if (num < den) exp -= 1;
      else if (num >= 10n * den) exp += 1;
      else break;
    }
    let d = roundScaled(m, e, precision - exp);
    // Rounding up may carry into a new digit (9.99996 -> 10.0000): then it is exactly 10**(p+1).
    if (d === 10n ** BigInt(precision + 1)) {
      exp += 1;
      d = 10n ** BigInt(precision);
    }
    digits = d.toString();
  }
  const mantissa = precision === 0 ? digits : `${digits[0]}.${digits.slice(1)}`;
  const expSign = exp < 0 ? '-' : '+';
  return `${sign}${mantissa}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
}
