import { describe, expect, it } from 'vitest';
import type { DTypeName } from '@torchts/core';
import { copy, fill } from '../../src/reference/fill-copy.js';
import { empty, expectMatches, fixture, valuesOf, viewOf, type Num } from '../fixtures/golden.js';

interface CastCase { from: DTypeName; to: DTypeName; input: Num[]; out: Num[] }

describe('reference copy', () => {
  for (const c of fixture.casts as CastCase[]) {
    it(`casts ${c.from} to ${c.to} as PyTorch's .to()`, () => {
      const src = viewOf(c.from, [c.input.length], c.input);
      const out = empty(c.to, [c.input.length]);
      copy(src, out);
      expectMatches(valuesOf(out), c.out, c.to, `copy ${c.from} -> ${c.to}`, 0, c.input);
    });
  }

  it('copies through strided views', () => {
    const src = viewOf('float32', [2, 3], [0, 1, 2, 3, 4, 5]);
    const out = empty('int32', [6]);
    copy(src, { ...out, shape: [2, 3], strides: [1, 2] }); // out in column-major order
    expect(valuesOf(out)).toEqual([0, 3, 1, 4, 2, 5]);
  });
});

describe('reference fill', () => {
  it('fills a strided view and nothing else', () => {
    const out = viewOf('int8', [6], [9, 9, 9, 9, 9, 9]);
    fill({ ...out, shape: [2], strides: [2], offset: 1 }, -3);
    expect(valuesOf(out)).toEqual([9, -3, 9, -3, 9, 9]);
  });
});
