import { describe, expect, it } from 'vitest';
import { matchesName } from '../src/options.js';

describe('matchesName', () => {
  it('matches strings as a test or block name and RegExps anywhere', () => {
    expect(matchesName('unary > exp > float32', 'unary > exp > float32')).toBe(true);
    expect(matchesName('unary > exp', 'unary > exp > float32')).toBe(true);
    expect(matchesName('unary', 'unary > exp > float32')).toBe(true);
    expect(matchesName('unary > exp', 'unary > expm1 > float32')).toBe(false);
    expect(matchesName('unary > exp > float', 'unary > exp > float32')).toBe(false);
    expect(matchesName(/float16$/, 'matmul > float16')).toBe(true);
    expect(matchesName(/float16$/, 'matmul > float32')).toBe(false);
  });
});
