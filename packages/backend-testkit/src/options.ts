/**
 * Options of the conformance suite.
 * @module
 */
import type { DType, DTypeName } from '@torchts/core';

/** Allowed error of a float result: `|actual - expected| <= atol + rtol * |expected|`. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * Tolerances for float results, per dtype, with per-test overrides. Integer and bool results are
 * always compared exactly, and NaN must match NaN. Accumulating kernels (reductions, matmul,
 * cumulative, scatterAdd, conv, softmax) are allowed `K * eps * scale` more, where K is the number
 * of terms, eps the rounding unit (2^-53 for float64, 2^-24 otherwise, that is float32 or better
 * accumulation) and scale the same kernel on absolute values (see the README).
 */
export interface ToleranceOptions {
  float16?: Partial<Tolerance>;
  bfloat16?: Partial<Tolerance>;
  float32?: Partial<Tolerance>;
  float64?: Partial<Tolerance>;
  /**
   * Per-test tolerances: the first entry whose `match` matches a test's full name (as in
   * {@link ConformanceOptions.skip}) overrides the dtype's tolerance, e.g.
   * `{ match: /^unary > (tan|erf)/, tolerance: { rtol: 1e-4 } }` for a GPU's fast math.
   */
  overrides?: readonly { match: string | RegExp; tolerance: Partial<Tolerance> }[];
}

/** Options of {@link runBackendConformance}. */
export interface ConformanceOptions {
  /** Test only these dtypes (default: all ten; those the backend does not support are skipped). */
  dtypes?: readonly (DType | DTypeName)[];
  /**
   * Tests to skip. A string names a test or a whole block by its full name: the names of the
   * blocks and the test joined with ' > ', without the top-level block (`'unary > exp > float32'`,
   * `'unary > exp'`, `'copy > float32 -> int8'`, `'matmul'`). A RegExp skips every test whose full
   * name it matches (`/> float16$/`).
   */
  skip?: readonly (string | RegExp)[];
  /** Float tolerances (see {@link ToleranceOptions}). */
  tolerance?: ToleranceOptions;
  /** Base seed of every test's data (default 0x5eed); each test derives its own from its name. */
  seed?: number;
  /** The device index buffers are allocated on (default 0). */
  deviceIndex?: number;
}

/** Default tolerances: a few ulp of float32, one ulp or two of float16 and bfloat16, tight float64. */
export const defaultTolerances: Readonly<Record<'float16' | 'bfloat16' | 'float32' | 'float64', Tolerance>> = {
  float64: { rtol: 1e-12, atol: 1e-12 },
  float32: { rtol: 1e-5, atol: 1e-6 },
  float16: { rtol: 1e-3, atol: 1e-5 },
  // bfloat16 keeps 8 significant bits: one ulp is up to 2^-7 = 0.0078 of the value.
  bfloat16: { rtol: 1e-2, atol: 1e-5 },
};

/** Whether a skip or override pattern matches a test's full name (see {@link ConformanceOptions.skip}). */
export function matchesName(pattern: string | RegExp, fullName: string): boolean {
  if (typeof pattern !== 'string') return pattern.test(fullName);
  return fullName === pattern || fullName.startsWith(`${pattern} > `);
}
