// WeightedRandomSampler (torch.multinomial) against PyTorch 1.13 (fixtures/loader/gen_loader.py).
import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { WeightedRandomSampler } from '@torchts/data';
import { loadFixture } from '../../../fixtures/load.js';

interface Case { seed: number; weights: number[]; numSamples: number; replacement: boolean; indices: number[] }
const fx = loadFixture<{ weightedRandomSampler: Case[] }>('loader/loader.json');

describe('WeightedRandomSampler', () => {
  it.each(fx.weightedRandomSampler.map((c) => [`seed ${c.seed}, ${c.numSamples} samples, replacement ${c.replacement}`, c] as const))(
    'draws what PyTorch draws: %s',
    (_, c) => {
      torch.manualSeed(c.seed);
      const s = new WeightedRandomSampler(c.weights, c.numSamples, { replacement: c.replacement });
      expect([...s]).toEqual(c.indices);
      expect(s.length).toBe(c.numSamples);
    },
  );

  it('accepts a tensor of weights and a generator', () => {
    const g1 = new torch.Generator().manualSeed(1);
    const g2 = new torch.Generator().manualSeed(1);
    const a = [...new WeightedRandomSampler(torch.tensor([1, 2, 3]), 6, { generator: g1 })];
    const b = [...new WeightedRandomSampler([1, 2, 3], 6, { generator: g2 })];
    expect(a).toEqual(b);
  });

  it("gives PyTorch's errors", () => {
    expect(() => [...new WeightedRandomSampler([1, 2], 3, { replacement: false })]).toThrow('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
    expect(() => [...new WeightedRandomSampler([0, 0], 3)]).toThrow('invalid multinomial distribution (sum of probabilities <= 0)');
    expect(() => [...new WeightedRandomSampler([1, -1], 3)]).toThrow('invalid multinomial distribution (encountering probability entry < 0)');
    expect(() => new WeightedRandomSampler([1], 0)).toThrow('num_samples should be a positive integer value');
  });
});
