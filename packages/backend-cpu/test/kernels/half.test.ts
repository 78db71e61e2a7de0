import { describe, expect, it } from 'vitest';
import { roundHalf, roundHalfRange } from '../../src/kernels/half.js';
import { loadCases, num, type Num, type OutSpec } from '../helpers.js';

interface HalfCase { name: string; values: Num[]; expected: OutSpec }

describe('roundHalf (PyTorch golden: float64 -> float16 over the whole half range)', () => {
  for (const c of loadCases<HalfCase>('half')) {
    it(c.name, () => {
      const got = c.values.map((v) => roundHalf(num(v)));
      // The golden holds 5 significant digits, which identify a half exactly: round them too.
      const want = c.expected.data.map((v) => roundHalf(num(v)));
      expect(got).toEqual(want);
    });
  }

  it('keeps NaN, infinities and signed zeros', () => {
    expect(roundHalf(NaN)).toBeNaN();
    expect(roundHalf(Infinity)).toBe(Infinity);
    expect(roundHalf(-1e6)).toBe(-Infinity);
    expect(Object.is(roundHalf(-0), -0)).toBe(true);
    expect(Object.is(roundHalf(-1e-9), -0)).toBe(true);
  });

  it('rounds a range in place', () => {
    const a = new Float32Array([0.1, 0.2, 0.3]);
    roundHalfRange(a, 1, 3);
    expect(a[0]).toBe(Math.fround(0.1));
    expect(a[1]).toBe(0.199951171875);
  });
});
