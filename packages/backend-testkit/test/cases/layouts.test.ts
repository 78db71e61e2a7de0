import { describe, expect, it } from 'vitest';
import { inputLayoutKinds, makeLayout, outputLayoutKinds } from '../../src/cases/layouts.js';
import { Rng } from '../../src/cases/random.js';
import { randomShape } from '../../src/cases/shapes.js';
import { indicesOf } from '../../src/reference/storage.js';

function offsets(l: { shape: readonly number[]; strides: readonly number[]; offset: number }): number[] {
  return indicesOf(l.shape).map((idx) => idx.reduce((o, i, d) => o + i * l.strides[d], l.offset));
}

describe('makeLayout', () => {
  const rng = new Rng(3);
  it('keeps every element inside the storage', () => {
    for (let i = 0; i < 500; i++) {
      const l = makeLayout(rng, randomShape(rng), rng.pick(inputLayoutKinds));
      for (const o of offsets(l)) expect(o >= 0 && o < l.storageSize).toBe(true);
      expect(l.offset).toBeLessThanOrEqual(l.storageSize);
    }
  });
  it('never overlaps itself for outputs', () => {
    for (let i = 0; i < 500; i++) {
      const l = makeLayout(rng, randomShape(rng), rng.pick(outputLayoutKinds));
      const o = offsets(l);
      expect(new Set(o).size).toBe(o.length);
    }
  });
  it('makes non-contiguous layouts that really are', () => {
    const shape = [3, 4, 5];
    const permuted = makeLayout(rng, shape, 'permuted');
    const sliced = makeLayout(rng, shape, 'sliced');
    const bcast = makeLayout(rng, shape, 'broadcast');
    expect(makeLayout(rng, shape, 'contiguous').strides).toEqual([20, 5, 1]);
    expect(bcast.strides).toContain(0);
    // Over many draws, permutations and steps show up.
    let transposed = false, stepped = false;
    for (let i = 0; i < 20; i++) {
      const p = makeLayout(rng, shape, 'permuted');
      transposed ||= p.strides[0] < p.strides[2];
      const s = makeLayout(rng, shape, 'sliced');
      stepped ||= s.storageSize > 60;
    }
    expect(transposed && stepped).toBe(true);
    expect(permuted.storageSize).toBe(60);
    expect(sliced.storageSize).toBeGreaterThanOrEqual(60);
  });
});
