import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/cases/random.js';
import { numelOf, randomShape, shapeCases } from '../../src/cases/shapes.js';

describe('shapes', () => {
  it('respects rank and size limits, and meets 0 and 1 dims', () => {
    const rng = new Rng(5);
    const shapes = Array.from({ length: 400 }, () => randomShape(rng, { minRank: 1, maxRank: 3, maxNumel: 50 }));
    expect(shapes.every((s) => s.length >= 1 && s.length <= 3 && numelOf(s) <= 50)).toBe(true);
    expect(shapes.some((s) => s.includes(0))).toBe(true);
    expect(shapes.some((s) => s.includes(1))).toBe(true);
  });
  it('starts with a scalar, an empty, a ones and a long shape', () => {
    const s = shapeCases(new Rng(1), 6);
    expect(s[0]).toEqual([]);
    expect(numelOf(s[1])).toBe(0);
    expect(s[2]).toEqual([1, 1]);
    expect(s[3][0]).toBeGreaterThanOrEqual(1000);
    expect(s).toHaveLength(6);
  });
});
