import { Dataset, datasetLength, isIterableDataset, type MapDataset } from './dataset.js';
import { builtinSpec, type WorkerSpec } from './worker/worker-spec.js';

/**
 * Several map-style datasets one after another (PyTorch's `ConcatDataset`).
 *
 * @example
 * ```ts
 * const all = new ConcatDataset([trainset, testset]); // all.length === 70000 for MNIST
 * ```
 */
export class ConcatDataset<T = unknown> extends Dataset<T> {
  /** The datasets, in order. */
  readonly datasets: readonly MapDataset<T>[];
  /** Running totals of the lengths (`cumulative_sizes`). */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: Iterable<MapDataset<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw new Error('datasets should not be an empty iterable');
    let total = 0;
    const sizes: number[] = [];
    for (const d of this.datasets) {
      if (isIterableDataset(d)) throw new Error('ConcatDataset does not support IterableDataset');
      total += datasetLength(d);
      sizes.push(total);
    }
    this.cumulativeSizes = sizes;
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  getItem(index: number): T | Promise<T> {
    let idx = index;
    if (idx < 0) {
      if (-idx > this.length) throw new Error('absolute value of index should not exceed dataset length');
      idx = this.length + idx;
    }
    if (!Number.isInteger(idx) || idx >= this.length) {
      throw new RangeError(`index ${index} is out of range for a ConcatDataset of length ${this.length}`);
    }
    // bisect_right
    let lo = 0;
    let hi = this.cumulativeSizes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idx < this.cumulativeSizes[mid]!) hi = mid;
      else lo = mid + 1;
    }
    const sampleIdx = lo === 0 ? idx : idx - this.cumulativeSizes[lo - 1]!;
    return this.datasets[lo]!.getItem(sampleIdx);
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('ConcatDataset', [this.datasets]);
  }
}
