/**
 * Dtype-aware comparison of a backend's results with the reference's.
 * @module
 */
import type { DType } from '@torchts/core';
import type { Tolerance } from './options.js';

/** How closely one output must match. */
export interface CompareSpec {
  dtype: DType;
  /** Used for float dtypes only; integers and bool are exact. */
  tolerance: Tolerance;
  /** Number of terms each element accumulates (1 for elementwise kernels). */
  terms?: number;
  /** Per element, the magnitude the accumulation rounds at (e.g. Σ|a||b| for matmul). */
  scale?: ArrayLike<number>;
  /** Whether float16/bfloat16 may accumulate in their own precision (see `OutputCheck.inDtype`). */
  accumulatesInDtype?: boolean;
}

/**
 * Rounding unit of the accumulation we accept: float64 for float64, float32 or better otherwise,
 * or float16's and bfloat16's own when the kernel may accumulate in them.
 */
function accumulationEps(dtype: DType, inDtype = false): number {
  if (inDtype && dtype.name === 'float16') return 2 ** -11;
  if (inDtype && dtype.name === 'bfloat16') return 2 ** -8;
  return dtype.name === 'float64' ? 2 ** -53 : 2 ** -24;
}

/** Whether one element matches. */
export function closeEnough(actual: number, expected: number, spec: CompareSpec, i: number): boolean {
  if (!spec.dtype.isFloatingPoint) return actual === expected;
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  if (!Number.isFinite(actual)) return false;
  const { rtol, atol } = spec.tolerance;
  let allowed = atol + rtol * Math.abs(expected);
  if (spec.scale) {
    const s = Math.abs(spec.scale[i]);
    // A non-finite scale means the absolute-value run overflowed: any finite answer will do.
    allowed += Number.isFinite(s) ? (spec.terms ?? 1) * accumulationEps(spec.dtype, spec.accumulatesInDtype) * s : Infinity;
  }
  return Math.abs(actual - expected) <= allowed;
}

/** Positions where `actual` and `expected` differ beyond the spec (or in length). */
export function mismatches(actual: ArrayLike<number>, expected: ArrayLike<number>, spec: CompareSpec): number[] {
  const bad: number[] = [];
  const n = Math.max(actual.length, expected.length);
  for (let i = 0; i < n; i++) {
    if (i >= actual.length || i >= expected.length || !closeEnough(actual[i], expected[i], spec, i)) bad.push(i);
  }
  return bad;
}
