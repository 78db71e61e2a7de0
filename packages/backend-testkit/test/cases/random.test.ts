import { describe, expect, it } from 'vitest';
import { Rng, seedFrom } from '../../src/cases/random.js';

describe('Rng', () => {
  it('is deterministic per seed and stays in range', () => {
    const a = new Rng(7), b = new Rng(7), c = new Rng(8);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(c.next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const ints = Array.from({ length: 1000 }, () => a.int(-2, 2));
    expect(new Set(ints)).toEqual(new Set([-2, -1, 0, 1, 2]));
  });
  it('shuffles into a permutation', () => {
    expect(new Rng(1).shuffle([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('seedFrom', () => {
  it('gives different seeds to different names', () => {
    expect(seedFrom(1, 'unary > exp > float32')).toBe(seedFrom(1, 'unary > exp > float32'));
    expect(seedFrom(1, 'unary > exp > float32')).not.toBe(seedFrom(1, 'unary > exp > float64'));
    expect(seedFrom(1, 'x')).not.toBe(seedFrom(2, 'x'));
  });
});
