// The real Fashion-MNIST (Debian's dataset-fashion-mnist) against torchvision 0.14:
// ToTensor + Normalize pixel values of given items, the first shuffled batch after
// manualSeed(0), load time, and loading with worker threads (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import * as torch from '@torchts/core';
import { Compose, DataLoader, FashionMNIST, Normalize, ToTensor, addWorkerSetupModule } from '@torchts/data';
import { vision } from '../helpers.js';

const SYSTEM = '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz';
const present = existsSync(SYSTEM);
if (!present) console.warn(`skipping Fashion-MNIST tests: ${SYSTEM} not found (apt-get install dataset-fashion-mnist)`);

interface Item { train: boolean; index: number; label: number; shape: number[]; values: number[] }

describe.skipIf(!present)('FashionMNIST (real data, /usr/share/datasets/fashion-mnist)', () => {
  const transform = new Compose([new ToTensor(), new Normalize([0.5], [0.5])]);

  it('loads 60,000 images well under a second', () => {
    const t0 = performance.now();
    const ds = new FashionMNIST({ root: '/nonexistent', train: true });
    const ms = performance.now() - t0;
    expect(ds.length).toBe(60000);
    expect(ds.data.shape).toEqual([60000, 28, 28]);
    expect(ms).toBeLessThan(1000);
    console.log(`FashionMNIST train loaded in ${ms.toFixed(0)} ms`);
  });

  it('gives the ToTensor + Normalize values torchvision gives, to the bit', () => {
    const sets = { true: new FashionMNIST({ root: '/nonexistent', train: true, transform }), false: new FashionMNIST({ root: '/nonexistent', train: false, transform }) };
    for (const it of vision.fashionMnist.items as Item[]) {
      const [x, y] = sets[String(it.train) as 'true' | 'false'].getItem(it.index);
      expect(y).toBe(it.label);
      expect(x.shape).toEqual(it.shape);
      expect(Array.from(x.toTypedArray())).toEqual(it.values.map(Math.fround));
    }
  });

  it('shuffles the test set into the batches of PyTorch after manualSeed(0)', async () => {
    const want = vision.fashionMnist.firstShuffledBatch;
    torch.manualSeed(want.seed);
    const loader = new DataLoader(new FashionMNIST({ root: '/nonexistent', train: false, transform }), { batchSize: 64, shuffle: true });
    const it = loader[Symbol.asyncIterator]();
    const [x, y] = (await it.next()).value!;
    await it.return();
    expect(Array.from(y.toTypedArray())).toEqual(want.labels);
    expect(x.shape).toEqual([64, 1, 28, 28]);
    const sum = (x.toTypedArray() as Float32Array).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(want.sum, 2);
  });

  it('loads the same batches in worker threads (shared memory, rebuilt transforms)', { timeout: 180_000 }, async () => {
    addWorkerSetupModule(new URL('../../utils/data/worker/register-ts.mjs', import.meta.url));
    addWorkerSetupModule(new URL('../../setup.ts', import.meta.url));
    const ds = new FashionMNIST({ root: '/nonexistent', train: false, transform });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const take = async (loader: DataLoader<any, [torch.Tensor, torch.Tensor]>): Promise<number[][]> => {
      const out: number[][] = [];
      for await (const [x, y] of loader) {
        out.push([...Array.from(x.toTypedArray()).filter((_, i) => i % 97 === 0), ...Array.from(y.toTypedArray())]);
        if (out.length === 5) break;
      }
      return out;
    };
    torch.manualSeed(1);
    const ref = await take(new DataLoader(ds, { batchSize: 64, shuffle: true }));
    torch.manualSeed(1);
    const got = await take(new DataLoader(ds, { batchSize: 64, shuffle: true, numWorkers: 2 }));
    expect(got).toEqual(ref);
  });
});
