// DistributedSampler against PyTorch 1.13 (fixtures/loader/gen_loader.py).
import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import { DistributedSampler } from '@torchts/data';
import { loadFixture } from '../../../fixtures/load.js';

interface Case { n: number; numReplicas: number; shuffle: boolean; seed: number; dropLast: boolean; epoch: number; ranks: number[][]; length: number }
const fx = loadFixture<{ distributedSampler: Case[] }>('loader/loader.json');

describe('DistributedSampler', () => {
  it.each(fx.distributedSampler.map((c) => [`n ${c.n} replicas ${c.numReplicas} shuffle ${c.shuffle} dropLast ${c.dropLast} epoch ${c.epoch}`, c] as const))(
    'gives each rank its PyTorch share: %s',
    (_, c) => {
      const got = c.ranks.map((_, rank) => {
        const s = new DistributedSampler({ length: c.n }, { numReplicas: c.numReplicas, rank, shuffle: c.shuffle, seed: c.seed, dropLast: c.dropLast });
        s.setEpoch(c.epoch);
        expect(s.length).toBe(c.length);
        return [...s];
      });
      expect(got).toEqual(c.ranks);
    },
  );

  it('checks the rank and needs a world size', () => {
    expect(() => new DistributedSampler({ length: 4 }, { numReplicas: 2, rank: 2 })).toThrow('Invalid rank 2, rank should be in the interval [0, 1]');
    const saved = { w: process.env.WORLD_SIZE, r: process.env.RANK };
    delete process.env.WORLD_SIZE;
    delete process.env.RANK;
    expect(() => new DistributedSampler({ length: 4 })).toThrow('DistributedSampler needs numReplicas and rank');
    process.env.WORLD_SIZE = '2';
    process.env.RANK = '1';
    expect([...new DistributedSampler({ length: 4 }, { shuffle: false })]).toEqual([1, 3]);
    if (saved.w === undefined) delete process.env.WORLD_SIZE; else process.env.WORLD_SIZE = saved.w;
    if (saved.r === undefined) delete process.env.RANK; else process.env.RANK = saved.r;
  });
});
