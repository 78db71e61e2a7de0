// DataLoader with worker threads: the same batches as numWorkers 0, PyTorch's worker seeds
// (fixtures/loader/gen_loader.py), errors with the worker's stack, shutdown on break.
// Workers import the TypeScript sources through ts-hooks.mjs (added as a setup module).
import '../../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import {
  Compose, DataLoader, Lambda, Normalize, TensorDataset, ToTensor, addWorkerSetupModule, workerDataset, FashionMNIST,
} from '@torchts/data';
import { loadFixture } from '../../../fixtures/load.js';
import { RandItem, Shards } from './fixture-datasets.js';

addWorkerSetupModule(new URL('./register-ts.mjs', import.meta.url));
addWorkerSetupModule(new URL('../../../setup.ts', import.meta.url));
const fixtures = new URL('./fixture-datasets.ts', import.meta.url);

function plain(v: unknown): unknown {
  if (torch.isTensor(v)) return { dtype: v.dtype.name, shape: [...v.shape], values: Array.from(v.toTypedArray() as ArrayLike<number>) };
  if (Array.isArray(v)) return v.map(plain);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

async function all(loader: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const b of loader) out.push(plain(b));
  return out;
}

const fx = loadFixture<{ workerSeeds: { seed: number; numWorkers: number; batchSize: number; batches: { x: number[][]; r: number[] }[] } }>('loader/loader.json');

// The first test starts workers that transpile the sources (cached on disk afterwards).
describe('DataLoader with workers', { timeout: 180_000 }, () => {
  it('gives the same batches as numWorkers 0, in order', async () => {
    const ds = await workerDataset<never>(fixtures, 'makeRich', 23);
    const ref = await all(new DataLoader(ds, { batchSize: 4 }));
    const got = await all(new DataLoader(ds, { batchSize: 4, numWorkers: 2, prefetchFactor: 3 }));
    expect(got).toEqual(ref);
    expect(got).toHaveLength(6);
  });

  it("seeds worker i with base seed + i and deals batches round-robin, as PyTorch", async () => {
    const c = fx.workerSeeds;
    torch.manualSeed(c.seed);
    const got: { x: number[][]; r: number[] }[] = [];
    for await (const [x, r] of new DataLoader(new RandItem(), { batchSize: c.batchSize, numWorkers: c.numWorkers })) {
      got.push({ x: x.tolist() as number[][], r: Array.from(r.toTypedArray()) });
    }
    expect(got).toEqual(c.batches.map((b) => ({ x: b.x, r: b.r.map(Math.fround) })));
  });

  it('surfaces a worker exception with its stack and stops', async () => {
    const ds = await workerDataset<never>(fixtures, 'makeFailing', 10, 5);
    const seen: unknown[] = [];
    const run = async (): Promise<void> => {
      for await (const b of new DataLoader(ds, { batchSize: 2, numWorkers: 2 })) seen.push(plain(b));
    };
    const err = await run().then(() => null, (e: unknown) => e as Error & { workerStack?: string });
    expect(err).toBeInstanceOf(TypeError);
    expect(err!.message).toContain('Caught TypeError in DataLoader worker thread 0');
    expect(err!.message).toContain('sample 5 is broken');
    expect(err!.message).toMatch(/explode/); // the worker's stack names the function that threw
    expect(err!.workerStack).toMatch(/fixture-datasets/);
    expect(seen).toHaveLength(2); // batches before the failing one arrive
  });

  it('stops its workers when the loop breaks, and loads built-in datasets with transforms', async () => {
    const x = torch.arange(40, { dtype: torch.float32 }).reshape(10, 4);
    const ds = new TensorDataset(x, torch.arange(10));
    const loader = new DataLoader(ds, { batchSize: 3, numWorkers: 2 });
    let n = 0;
    for await (const [a] of loader) {
      expect(a.shape).toEqual([3, 4]);
      if (++n === 2) break;
    }
    expect(n).toBe(2);
    expect(await all(loader)).toEqual(await all(new DataLoader(ds, { batchSize: 3 })));
  });

  it('shards an IterableDataset between workers as PyTorch (worker 0, 1, 0, ...)', async () => {
    const got = await all(new DataLoader(new Shards(9), { batchSize: 2, numWorkers: 2 }));
    expect(got.map((b) => (b as { values: number[] }).values)).toEqual([[0, 2], [1, 3], [4, 6], [5, 7], [8]]);
  });

  it('keeps persistent workers across epochs', async () => {
    const ds = await workerDataset<never>(fixtures, 'makeRich', 5);
    const loader = new DataLoader(ds, { batchSize: 2, numWorkers: 2, persistentWorkers: true });
    const a = await all(loader);
    const b = await all(loader);
    expect(b).toEqual(a);
    await loader.shutdown();
  });

  it('explains what cannot be sent to a worker', async () => {
    const ds = { length: 2, getItem: (i: number) => i };
    await expect(all(new DataLoader(ds, { numWorkers: 1 }))).rejects.toThrow('does not say how a worker thread rebuilds it');
    const fm = { length: 1, getItem: () => 0, workerSpec: () => ({ module: fixtures, export: 'RandItem', args: [new Lambda((v: number) => v)] }) };
    await expect(all(new DataLoader(fm, { numWorkers: 1 }))).rejects.toThrow(/Lambda.*cannot be sent to a worker thread/);
    void Compose; void Normalize; void ToTensor; void FashionMNIST;
  });
});
