// randomSplit against PyTorch 1.13 (fixtures/loader/gen_loader.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { Dataset, randomSplit } from '@torchts/data';
import { loadFixture } from '../../fixtures/load.js';

class Idx extends Dataset<number> {
  constructor(readonly length: number) {
    super();
  }
  getItem(i: number): number {
    return i;
  }
}

interface Case { n: number; lengths: number[]; seed: number; splits: number[][] }
const fx = loadFixture<{ randomSplit: Case[]; randomSplitDefault: Case }>('loader/loader.json');

const items = (s: { length: number; getItem(i: number): unknown }): unknown[] => Array.from({ length: s.length }, (_, i) => s.getItem(i));

describe('randomSplit', () => {
  it.each(fx.randomSplit)('splits $n items by $lengths as PyTorch', (c) => {
    const parts = randomSplit(new Idx(c.n), c.lengths, new torch.Generator().manualSeed(c.seed));
    expect(parts.map(items)).toEqual(c.splits);
  });

  it('draws from the global generator by default', () => {
    const c = fx.randomSplitDefault;
    torch.manualSeed(c.seed);
    expect(randomSplit(new Idx(c.n), c.lengths).map(items)).toEqual(c.splits);
  });

  it('checks the lengths', () => {
    expect(() => randomSplit(new Idx(5), [2, 2])).toThrow('Sum of input lengths does not equal the length of the input dataset!');
    expect(() => randomSplit(new Idx(5), [1.5, -0.5])).toThrow('Fraction at index 0 is not between 0 and 1');
  });
});
