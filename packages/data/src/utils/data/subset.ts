import { IndexError } from '@torchts/core';
import { Dataset, datasetLength, type MapDataset } from './dataset.js';
import { builtinSpec, type WorkerSpec } from './worker/worker-spec.js';

/**
 * The samples of `dataset` at `indices`, in that order (PyTorch's `Subset`).
 *
 * @example
 * ```ts
 * const firstHundred = new Subset(trainset, Array.from({ length: 100 }, (_, i) => i));
 * ```
 */
export class Subset<T = unknown> extends Dataset<T> {
  /** The whole dataset. */
  readonly dataset: MapDataset<T>;
  /** Indices of the samples in the subset. */
  readonly indices: readonly number[];

  constructor(dataset: MapDataset<T>, indices: ArrayLike<number>) {
    super();
    this.dataset = dataset;
    this.indices = Array.from(indices);
  }

  get length(): number {
    return this.indices.length;
  }

  getItem(index: number): T | Promise<T> {
    const n = this.indices.length;
    const i = index < 0 ? index + n : index;
    if (!Number.isInteger(i) || i < 0 || i >= n) throw new IndexError(`list index ${index} out of range (Subset of length ${n})`);
    return this.dataset.getItem(this.indices[i]!);
  }

  /** Rebuilds the subset over the worker's copy of `dataset` (which needs a spec too). */
  override workerSpec(): WorkerSpec {
    datasetLength(this.dataset);
    return builtinSpec('Subset', [this.dataset, this.indices]);
  }
}
