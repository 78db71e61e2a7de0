// Datasets that DataLoader worker threads rebuild in the tests (through workerDataset or workerSpec).
import * as torch from '@torchts/core';
import { Dataset, IterableDataset, getWorkerInfo, type WorkerSpec } from '@torchts/data';

/** Sample i: `[[i, workerId], torch.rand(1)]`, as RandItem in gen_loader.py. */
export class RandItem extends Dataset<[torch.Tensor, torch.Tensor]> {
  constructor(readonly length = 12) {
    super();
  }
  getItem(i: number): [torch.Tensor, torch.Tensor] {
    const info = getWorkerInfo();
    return [torch.tensor([i, info ? info.id : -1], { dtype: torch.float32 }), torch.rand(1)];
  }
  override workerSpec(): WorkerSpec {
    return { module: import.meta.url, export: 'RandItem', args: [this.length] };
  }
}

/** Deterministic samples: an image-like tensor, an int label, a float, a string and a nested object. */
export function makeRich(n: number): Dataset<unknown> {
  return new (class extends Dataset<unknown> {
    readonly length = n;
    getItem(i: number): unknown {
      const x = torch.arange(12, { dtype: torch.float32 }).reshape(3, 4).mul(i);
      return { x, label: i % 7, w: i / 4, name: `s${i}`, pair: [torch.tensor([i, -i]), i % 2 === 0] };
    }
  })();
}

/** Throws a TypeError at index `bad`. */
export function makeFailing(n: number, bad: number): Dataset<number> {
  return new (class extends Dataset<number> {
    readonly length = n;
    getItem(i: number): number {
      if (i === bad) explode(i);
      return i;
    }
  })();
}

function explode(i: number): never {
  throw new TypeError(`sample ${i} is broken`);
}

/** An iterable dataset split between workers by worker id. */
export class Shards extends IterableDataset<number> {
  constructor(readonly n: number) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    const info = getWorkerInfo();
    const [id, k] = info ? [info.id, info.numWorkers] : [0, 1];
    for (let i = id; i < this.n; i += k) yield i;
  }
  override workerSpec(): WorkerSpec {
    return { module: import.meta.url, export: 'Shards', args: [this.n] };
  }
}
