/**
 * The error function, which JS's Math lacks, to float64 accuracy (a few ulp).
 * @module
 */

/**
 * `erf(x)`. For |x| < 0.5 its Taylor series (2/√π) Σ (-1)^n x^(2n+1) / (n! (2n+1)), whose terms
 * fall fast there; beyond, 1 - erfc(|x|), which does not cancel since erfc(0.5) < 0.48.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (Math.abs(x) >= 0.5) return Math.sign(x) * (1 - erfcContinuedFraction(Math.abs(x)));
  let term = x, sum = x;
  for (let n = 1; Math.abs(term) > 1e-18 * Math.abs(sum); n++) {
    term *= (-x * x) / n; // (-1)^n x^(2n+1) / n!
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** `erfc(x) = 1 - erf(x)`, accurate in the tail where 1 - erf would cancel. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 0) return 2 - erfc(-x);
  // Below 0.5, erf(x) < 0.53 so 1 - erf(x) loses nothing.
  if (x < 0.5) return 1 - erf(x);
  return erfcContinuedFraction(x);
}

/**
 * erfc(x) for x >= 0.5 by its continued fraction
 * e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated bottom-up; 1000 levels
 * converge to float64 from x = 0.45 up.
 */
function erfcContinuedFraction(x: number): number {
  if (x === Infinity) return 0;
  let t = x;
  for (let n = 1000; n >= 1; n--) t = x + n / 2 / t;
  // e^(-x²) with x² split as hi² + (x - hi)(x + hi), hi having 20 fraction bits so that hi² is
  // exact: a rounded x² would cost up to x² ulp in the result.
  const hi = Math.trunc(x * 2 ** 20) / 2 ** 20;
  return (Math.exp(-hi * hi) * Math.exp(-(x - hi) * (x + hi))) / Math.sqrt(Math.PI) / t;
}
