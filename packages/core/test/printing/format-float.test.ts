import { describe, expect, it } from 'vitest';
import { formatExponential, formatFixed } from '../../src/printing/format-float.js';
import { decode, fixtures } from './load-fixtures.js';

describe("formatFixed / formatExponential match Python's '{:.Nf}' / '{:.Ne}'", () => {
  it.each(fixtures.pyFormat.map(([v, p, f, e]) => [`${String(v)} .${p}`, decode(v), p, f, e] as const))(
    '%s',
    (_name, v, p, fixed, exp) => {
      expect(formatFixed(v, p)).toBe(fixed);
      expect(formatExponential(v, p)).toBe(exp);
    },
  );

  it('rounds ties to even, unlike toFixed', () => {
    expect(formatFixed(0.125, 2)).toBe('0.12');
    expect(formatFixed(0.375, 2)).toBe('0.38');
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatExponential(1.03125, 4)).toBe('1.0312e+00');
  });
});
