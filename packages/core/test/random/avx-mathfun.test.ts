import { describe, expect, it } from 'vitest';
import { log256, sincos256 } from '../../src/random/avx-mathfun.js';

// Bit-exactness against PyTorch is tested through normal() (sampling.test.ts); here the
// polynomials are checked to be the accurate float32 functions they stand for.
describe('avx_mathfun emulation', () => {
  const ulp32 = (x: number): number => 2 ** (Math.floor(Math.log2(Math.abs(x) || 2 ** -126)) - 23);

  it('log256 is within 2 float32 ulps of log on (0, 1]', () => {
    for (let i = 1; i <= 2000; i++) {
      const x = Math.fround(i / 2000);
      const want = Math.log(x);
      expect(Math.abs(log256(x) - want)).toBeLessThanOrEqual(2 * ulp32(want) + 1e-45);
    }
    expect(log256(1)).toBe(0);
    expect(Number.isNaN(log256(0))).toBe(true);
    expect(Number.isNaN(log256(-1))).toBe(true);
  });

  it('sincos256 is within 2e-7 of sin and cos on [0, 2 pi)', () => {
    const out = new Float32Array(2);
    for (let i = 0; i < 2000; i++) {
      const x = Math.fround((2 * Math.PI * i) / 2000);
      sincos256(x, out);
      expect(Math.abs(out[0]! - Math.sin(x))).toBeLessThan(2e-7);
      expect(Math.abs(out[1]! - Math.cos(x))).toBeLessThan(2e-7);
    }
    sincos256(-1, out);
    expect(out[0]).toBeCloseTo(-Math.sin(1), 6);
  });
});
