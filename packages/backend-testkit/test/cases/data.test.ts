import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { randomStorage, randomValue } from '../../src/cases/data.js';
import { Rng } from '../../src/cases/random.js';
import { roundTo } from '../../src/reference/round.js';
import { allDtypes } from '../../src/cases/dtypes.js';

describe('random data', () => {
  it('gives values representable in the dtype', () => {
    const rng = new Rng(9);
    for (const dt of allDtypes) {
      const s = randomStorage(rng, dt, 300);
      expect(s).toBeInstanceOf(dt.ArrayType);
      for (const v of s) expect(Object.is(roundTo(dt, v), v) || Number.isNaN(v)).toBe(true);
    }
  });
  it('mixes in NaN, infinities, zeros and halves for floats unless told not to', () => {
    const rng = new Rng(2);
    const xs = Array.from({ length: 2000 }, () => randomValue(rng, dtypes.float32));
    expect(xs.some(Number.isNaN)).toBe(true);
    expect(xs).toContain(Infinity);
    expect(xs).toContain(-Infinity);
    expect(xs.some((x) => x !== 0 && Number.isInteger(x * 2) && !Number.isInteger(x))).toBe(true);
    const finite = Array.from({ length: 2000 }, () => randomValue(rng, dtypes.float64, { nan: false, inf: false, range: [0, 1] }));
    expect(finite.every((x) => x >= 0 && x <= 1)).toBe(true);
  });
  it('honours integer ranges and nonZero', () => {
    const rng = new Rng(4);
    const xs = Array.from({ length: 500 }, () => randomValue(rng, dtypes.int32, { intRange: [-2, 2], nonZero: true }));
    expect(new Set(xs)).toEqual(new Set([-2, -1, 1, 2]));
    const u = Array.from({ length: 500 }, () => randomValue(rng, dtypes.uint8));
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeGreaterThan(200);
  });
});
