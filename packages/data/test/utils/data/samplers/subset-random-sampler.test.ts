// SubsetRandomSampler against PyTorch 1.13 (fixtures/loader/gen_loader.py).
import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { SubsetRandomSampler } from '@torchts/data';
import { loadFixture } from '../../../fixtures/load.js';

const fx = loadFixture<{ subsetRandomSampler: { seed: number; indices: number[]; epochs: number[][] } }>('loader/loader.json');

describe('SubsetRandomSampler', () => {
  it('permutes the indices with the global generator as PyTorch', () => {
    const c = fx.subsetRandomSampler;
    torch.manualSeed(c.seed);
    const s = new SubsetRandomSampler(c.indices);
    expect([[...s], [...s]]).toEqual(c.epochs);
    expect(s.length).toBe(c.indices.length);
  });
});
