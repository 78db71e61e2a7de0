// RandomSampler against PyTorch 1.13 (fixtures/loader/gen_loader.py).
import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { RandomSampler } from '@torchts/data';
import { loadFixture } from '../../../fixtures/load.js';

interface Case { seed: number; n: number; replacement: boolean; numSamples: number | null; indices: number[]; length: number }
const fx = loadFixture<{ randomSampler: Case[]; randomSamplerGenerator: { seed: number; n: number; epochs: number[][] } }>('loader/loader.json');

describe('RandomSampler', () => {
  it.each(fx.randomSampler.map((c) => [`seed ${c.seed} n ${c.n} replacement ${c.replacement} numSamples ${c.numSamples}`, c] as const))(
    'draws what PyTorch draws: %s',
    (_, c) => {
      torch.manualSeed(c.seed);
      const s = new RandomSampler({ length: c.n }, { replacement: c.replacement, ...(c.numSamples !== null ? { numSamples: c.numSamples } : {}) });
      expect([...s]).toEqual(c.indices);
      expect(s.length).toBe(c.length);
    },
  );

  it('uses its own generator for every epoch when given one', () => {
    const c = fx.randomSamplerGenerator;
    const s = new RandomSampler({ length: c.n }, { generator: new torch.Generator().manualSeed(c.seed) });
    expect([[...s], [...s]]).toEqual(c.epochs);
  });

  it('draws nothing until iterated', () => {
    torch.manualSeed(0);
    const s = new RandomSampler({ length: 5 });
    const a = torch.rand(1).item();
    torch.manualSeed(0);
    expect(torch.rand(1).item()).toBe(a);
    void s;
  });

  it("rejects PyTorch's bad options", () => {
    expect(() => new RandomSampler({ length: 3 }, { numSamples: 0 })).toThrow('num_samples should be a positive integer value, but got num_samples=0');
    expect(() => new RandomSampler({ length: 0 })).toThrow('num_samples should be a positive integer value');
    expect(() => new RandomSampler({ length: 3 }, { replacement: 1 as unknown as boolean })).toThrow('replacement should be a boolean value');
  });
});
