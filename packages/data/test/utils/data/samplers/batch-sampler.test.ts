// BatchSampler against PyTorch 1.13 (fixtures/loader/gen_loader.py).
import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import { BatchSampler, SequentialSampler } from '@torchts/data';
import { loadFixture } from '../../../fixtures/load.js';

const fx = loadFixture<{ batchSampler: { n: number; batchSize: number; dropLast: boolean; batches: number[][] }[] }>('loader/loader.json');

describe('BatchSampler', () => {
  it.each(fx.batchSampler)('groups indices as PyTorch (dropLast $dropLast)', (c) => {
    const s = new BatchSampler(new SequentialSampler({ length: c.n }), c.batchSize, c.dropLast);
    expect([...s]).toEqual(c.batches);
    expect(s.length).toBe(c.batches.length);
  });

  it('checks its arguments', () => {
    expect(() => new BatchSampler([0, 1], 0, false)).toThrow('batch_size should be a positive integer value, but got batch_size=0');
    expect(() => new BatchSampler([0, 1], 2, 'no' as unknown as boolean)).toThrow('drop_last should be a boolean value');
  });
});
