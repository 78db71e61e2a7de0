import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { closeEnough, mismatches } from '../src/compare.js';

const tol = { rtol: 1e-5, atol: 1e-6 };

describe('closeEnough', () => {
  it('is exact for integers and bool', () => {
    expect(closeEnough(3, 3, { dtype: dtypes.int32, tolerance: tol }, 0)).toBe(true);
    expect(closeEnough(3, 4, { dtype: dtypes.int64, tolerance: { rtol: 1, atol: 1 } }, 0)).toBe(false);
  });
  it('matches NaN with NaN only, and infinities exactly', () => {
    const s = { dtype: dtypes.float32, tolerance: tol };
    expect(closeEnough(NaN, NaN, s, 0)).toBe(true);
    expect(closeEnough(0, NaN, s, 0)).toBe(false);
    expect(closeEnough(NaN, 0, s, 0)).toBe(false);
    expect(closeEnough(Infinity, Infinity, s, 0)).toBe(true);
    expect(closeEnough(-Infinity, Infinity, s, 0)).toBe(false);
    expect(closeEnough(3e38, Infinity, s, 0)).toBe(false);
    expect(closeEnough(Infinity, 3e38, s, 0)).toBe(false);
  });
  it('allows rtol/atol, plus terms * eps * scale for accumulations', () => {
    const s = { dtype: dtypes.float32, tolerance: tol };
    expect(closeEnough(1 + 5e-6, 1, s, 0)).toBe(true);
    expect(closeEnough(1 + 5e-5, 1, s, 0)).toBe(false);
    const acc = { ...s, terms: 1000, scale: [1000] };
    expect(closeEnough(1 + 5e-5, 1, acc, 0)).toBe(true); // 1000 * 2^-24 * 1000 ≈ 0.06
  });
  it('allows bfloat16/float16 accumulation in their own precision only when asked (scatterAdd)', () => {
    const s = { dtype: dtypes.bfloat16, tolerance: { rtol: 0, atol: 0 }, terms: 4, scale: [1] };
    expect(closeEnough(1.01, 1, s, 0)).toBe(false); // 4 * 2^-24
    expect(closeEnough(1.01, 1, { ...s, accumulatesInDtype: true }, 0)).toBe(true); // 4 * 2^-8 ≈ 0.016
    expect(closeEnough(1.01, 1, { ...s, dtype: dtypes.float16, accumulatesInDtype: true }, 0)).toBe(false); // 4 * 2^-11
  });
});

describe('mismatches', () => {
  it('lists differing positions and length differences', () => {
    const s = { dtype: dtypes.int8, tolerance: tol };
    expect(mismatches([1, 2, 3], [1, 0, 3], s)).toEqual([1]);
    expect(mismatches([1, 2], [1, 2, 3], s)).toEqual([2]);
  });
});
