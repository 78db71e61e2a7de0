import { describe, expect, it } from 'vitest';
import { cos, log, sin, sincos } from '../../src/random/libm.js';
import { fixture, float64s } from './random-fixture.js';

// Outputs of glibc 2.36 on x86-64 with FMA (Python's math module on the fixture machine).
describe("libm reproduces glibc's log, sin, cos and sincos bit for bit", () => {
  const logIn = float64s(fixture.libm.log_in);
  const logOut = float64s(fixture.libm.log_out);
  const trigIn = float64s(fixture.libm.trig_in);
  const sinOut = float64s(fixture.libm.sin_out);
  const cosOut = float64s(fixture.libm.cos_out);
  const sincosOut = float64s(fixture.libm.sincos_out);

  it('log', () => {
    expect(logIn.length).toBeGreaterThan(250);
    for (let i = 0; i < logIn.length; i++) expect(log(logIn[i]!), `log(${logIn[i]})`).toBe(logOut[i]);
  });

  it('sin and cos', () => {
    for (let i = 0; i < trigIn.length; i++) {
      expect(sin(trigIn[i]!), `sin(${trigIn[i]})`).toBe(sinOut[i]);
      expect(cos(trigIn[i]!), `cos(${trigIn[i]})`).toBe(cosOut[i]);
    }
  });

  it('sincos', () => {
    const out = new Float64Array(2);
    for (let i = 0; i < trigIn.length; i++) {
      sincos(trigIn[i]!, out);
      expect(out[0], `sincos(${trigIn[i]})[0]`).toBe(sincosOut[2 * i]);
      expect(out[1], `sincos(${trigIn[i]})[1]`).toBe(sincosOut[2 * i + 1]);
    }
  });

  it('handles special values', () => {
    expect(log(0)).toBe(-Infinity);
    expect(log(Infinity)).toBe(Infinity);
    expect(Number.isNaN(log(-1))).toBe(true);
    expect(log(1)).toBe(0);
    expect(Number.isNaN(sin(Infinity))).toBe(true);
    expect(Number.isNaN(cos(NaN))).toBe(true);
    expect(() => sin(1e9)).toThrow(RangeError);
  });
});
