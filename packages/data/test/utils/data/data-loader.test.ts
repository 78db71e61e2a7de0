// DataLoader on the main thread against PyTorch 1.13 (fixtures/loader/gen_loader.py): batch
// sizes, dropLast, length, and the shuffle order after torch.manualSeed.
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { DataLoader, Dataset, IterableDataset, defaultConvert } from '@torchts/data';
type Tensor = torch.Tensor;
import { loadFixture } from '../../fixtures/load.js';

class Idx extends Dataset<number> {
  constructor(readonly n: number) {
    super();
  }
  get length(): number {
    return this.n;
  }
  getItem(i: number): number {
    return i;
  }
}

interface ShuffleCase { seed: number; n: number; batchSize: number; dropLast: boolean; epochs: number[][][]; after: number[]; length: number }
const fx = loadFixture<{
  shuffle: ShuffleCase[];
  shuffleGenerator: { seed: number; n: number; batchSize: number; epochs: number[][][]; globalAfter: number[] };
  sequential: { n: number; batchSize: number; dropLast: boolean; length: number; batches: number[][] }[];
}>('loader/loader.json');

async function epoch(loader: AsyncIterable<Tensor>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const b of loader) out.push(Array.from(b.toTypedArray()));
  return out;
}

describe('DataLoader', () => {
  it.each(fx.sequential)('batches $n samples by $batchSize (dropLast $dropLast) as PyTorch', async (c) => {
    const loader = new DataLoader(new Idx(c.n), { batchSize: c.batchSize, dropLast: c.dropLast });
    expect(loader.length).toBe(c.length);
    expect(await epoch(loader)).toEqual(c.batches);
  });

  it.each(fx.shuffle.map((c) => [`seed ${c.seed}, n ${c.n}, batch ${c.batchSize}, dropLast ${c.dropLast}`, c] as const))(
    'shuffles in PyTorch order after torch.manualSeed: %s',
    async (_, c) => {
      torch.manualSeed(c.seed);
      const loader = new DataLoader(new Idx(c.n), { batchSize: c.batchSize, shuffle: true, dropLast: c.dropLast });
      expect(loader.length).toBe(c.length);
      expect(await epoch(loader)).toEqual(c.epochs[0]);
      expect(await epoch(loader)).toEqual(c.epochs[1]);
      // the global generator advanced exactly as much as PyTorch's
      expect(Array.from(torch.rand(2).toTypedArray())).toEqual(c.after.map(Math.fround));
    },
  );

  it('draws from its own generator when given one', async () => {
    const c = fx.shuffleGenerator;
    torch.manualSeed(0);
    const loader = new DataLoader(new Idx(c.n), { batchSize: c.batchSize, shuffle: true, generator: new torch.Generator().manualSeed(c.seed) });
    expect([await epoch(loader), await epoch(loader)]).toEqual(c.epochs);
    expect(Array.from(torch.rand(2).toTypedArray())).toEqual(c.globalAfter.map(Math.fround));
  });

  it('collates tuples of tensors and labels', async () => {
    class Pairs extends Dataset<[Tensor, number]> {
      readonly length = 5;
      getItem(i: number): [Tensor, number] {
        return [torch.full([2, 2], i, { dtype: torch.float32 }), i % 3];
      }
    }
    const batches: [Tensor, Tensor][] = [];
    for await (const [x, y] of new DataLoader(new Pairs(), { batchSize: 2 })) batches.push([x, y]);
    expect(batches.map(([x, y]) => [x.shape, y.dtype.name])).toEqual([
      [[2, 2, 2], 'int64'], [[2, 2, 2], 'int64'], [[1, 2, 2], 'int64'],
    ]);
    expect(Array.from(batches[1]![1].toTypedArray())).toEqual([2, 0]);
  });

  it('awaits getItem promises in order', async () => {
    const order: number[] = [];
    class Slow extends Dataset<number> {
      readonly length = 4;
      async getItem(i: number): Promise<number> {
        await new Promise((r) => setTimeout(r, (4 - i) * 2));
        order.push(i);
        return i * 10;
      }
    }
    expect(await epoch(new DataLoader(new Slow(), { batchSize: 3 }))).toEqual([[0, 10, 20], [30]]);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('runs a custom collateFn and batchSize null', async () => {
    const sums: number[] = [];
    for await (const s of new DataLoader(new Idx(5), { batchSize: 2, collateFn: (b: number[]) => b.reduce((a, x) => a + x, 0) })) sums.push(s);
    expect(sums).toEqual([1, 5, 4]);
    const singles: unknown[] = [];
    const loader = new DataLoader(new Idx(3), { batchSize: null });
    expect(loader.collateFn).toBe(defaultConvert);
    for await (const s of loader) singles.push(s);
    expect(singles).toEqual([0, 1, 2]);
  });

  it('takes a batchSampler', async () => {
    const loader = new DataLoader(new Idx(6), { batchSampler: [[5, 0], [1, 2, 3]] });
    expect(await epoch(loader)).toEqual([[5, 0], [1, 2, 3]]);
  });

  it('iterates an IterableDataset', async () => {
    class Range extends IterableDataset<number> {
      readonly length = 7;
      *[Symbol.iterator](): Iterator<number> {
        for (let i = 0; i < 7; i++) yield i;
      }
    }
    expect(await epoch(new DataLoader(new Range(), { batchSize: 3 }))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(await epoch(new DataLoader(new Range(), { batchSize: 3, dropLast: true }))).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(new DataLoader(new Range(), { batchSize: 3 }).length).toBe(3);
    class AsyncRange extends IterableDataset<number> {
      async *[Symbol.asyncIterator](): AsyncIterator<number> {
        for (let i = 0; i < 3; i++) yield i;
      }
    }
    expect(await epoch(new DataLoader(new AsyncRange(), { batchSize: 2 }))).toEqual([[0, 1], [2]]);
    expect(() => new DataLoader(new Range(), { shuffle: true })).toThrow('DataLoader with IterableDataset: expected unspecified shuffle option');
  });

  it("rejects PyTorch's invalid option combinations", () => {
    const ds = new Idx(4);
    expect(() => new DataLoader(ds, { numWorkers: -1 })).toThrow('num_workers option should be non-negative');
    expect(() => new DataLoader(ds, { prefetchFactor: 4 })).toThrow('prefetch_factor option could only be specified in multiprocessing');
    expect(() => new DataLoader(ds, { persistentWorkers: true })).toThrow('persistent_workers option needs num_workers > 0');
    expect(() => new DataLoader(ds, { sampler: [0, 1], shuffle: true })).toThrow('sampler option is mutually exclusive with shuffle');
    expect(() => new DataLoader(ds, { batchSampler: [[0]], batchSize: 2 })).toThrow('batch_sampler option is mutually exclusive');
    expect(() => new DataLoader(ds, { batchSize: null, dropLast: true })).toThrow('batch_size=None option disables auto-batching');
    expect(() => new DataLoader(ds, { batchSize: 0 })).toThrow('batch_size should be a positive integer value');
  });
});
