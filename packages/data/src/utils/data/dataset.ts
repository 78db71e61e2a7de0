/**
 * The dataset base classes: `Dataset` (map-style, PyTorch's `torch.utils.data.Dataset`) and
 * `IterableDataset` (a stream of samples).
 * @module
 */
import type { WorkerSpec } from './worker/worker-spec.js';

/**
 * A map-style dataset: `length` samples, read by index with `getItem(i)` (Python's
 * `__getitem__` / `__len__`). `getItem` may return a promise (files read asynchronously);
 * the {@link DataLoader} awaits it.
 *
 * To load in worker threads (`numWorkers > 0`), a dataset must say how a worker rebuilds it:
 * implement {@link Dataset.workerSpec} (the built-in datasets do) or create it with
 * {@link workerDataset}.
 *
 * @typeParam T the type of one sample
 * @example
 * ```ts
 * class Squares extends torch.utils.data.Dataset<[number, number]> {
 *   get length() { return 10; }
 *   getItem(i: number): [number, number] { return [i, i * i]; }
 * }
 * for await (const [x, y] of new torch.utils.data.DataLoader(new Squares(), { batchSize: 4 })) {
 *   console.log(String(x), String(y)); // tensor([0, 1, 2, 3]) tensor([0, 1, 4, 9]) ...
 * }
 * ```
 */
export abstract class Dataset<T = unknown> {
  /** The sample at `index` (`dataset[index]` in Python). */
  abstract getItem(index: number): T | Promise<T>;
  /** The number of samples (`len(dataset)`). */
  abstract readonly length: number;
  /**
   * How a worker thread rebuilds this dataset (module, export, arguments). Left undefined, the
   * dataset cannot be used with `numWorkers > 0`.
   */
  workerSpec?(): WorkerSpec;
}

/**
 * A dataset that is a stream of samples (PyTorch's `IterableDataset`): implement
 * `[Symbol.iterator]` or `[Symbol.asyncIterator]` (a generator is simplest),
 * and a numeric `length` if `DataLoader.length` should work. With `numWorkers > 0` every worker iterates its own copy: use {@link getWorkerInfo} inside the
 * iterator to give each worker its share, as in PyTorch.
 *
 * @typeParam T the type of one sample
 * @example
 * ```ts
 * class Range extends torch.utils.data.IterableDataset<number> {
 *   constructor(private start: number, private end: number) { super(); }
 *   *[Symbol.iterator]() { for (let i = this.start; i < this.end; i++) yield i; }
 * }
 * ```
 */
export abstract class IterableDataset<T = unknown> {
  // Subclasses define [Symbol.iterator] or [Symbol.asyncIterator]; neither is declared here,
  // so that defining one needs no `override`.
  /** @internal The sample type (nothing at run time). */
  declare readonly __sample?: T;
  /** How a worker thread rebuilds this dataset; see {@link Dataset.workerSpec}. */
  workerSpec?(): WorkerSpec;
}

/** An {@link IterableDataset} with its iterator. */
export type IterableDatasetLike<T = unknown> = IterableDataset<T> & (Iterable<T> | AsyncIterable<T>);

/** Whether `d` is an {@link IterableDataset} (or any object iterable the same way and without `getItem`). */
export function isIterableDataset(d: unknown): d is IterableDatasetLike<unknown> {
  if (d instanceof IterableDataset) return true;
  if (d === null || typeof d !== 'object') return false;
  const o = d as Record<PropertyKey, unknown>;
  return typeof o.getItem !== 'function' && (typeof o[Symbol.iterator] === 'function' || typeof o[Symbol.asyncIterator] === 'function');
}

/** Iterates an {@link IterableDataset} whichever protocol it implements. */
export async function* iterateDataset<T>(dataset: IterableDataset<T> | Iterable<T> | AsyncIterable<T>): AsyncGenerator<T> {
  const d = dataset as Partial<Iterable<T> & AsyncIterable<T>>;
  if (typeof d[Symbol.asyncIterator] === 'function') {
    yield* d as AsyncIterable<T>;
  } else if (typeof d[Symbol.iterator] === 'function') {
    yield* d as Iterable<T>;
  } else {
    throw new TypeError(`${(dataset as object).constructor?.name ?? 'IterableDataset'} defines neither [Symbol.iterator] nor [Symbol.asyncIterator]`);
  }
}

/** Anything the DataLoader can read: a map-style {@link Dataset} (or any object with `getItem` and `length`) or an {@link IterableDataset}. */
export type DatasetLike<T = unknown> =
  | Dataset<T>
  | {
      /** The sample at `index`. */
      getItem(index: number): T | Promise<T>;
      /** Number of samples. */
      readonly length: number;
      /** How a worker thread rebuilds the dataset. */
      workerSpec?(): WorkerSpec;
    }
  | IterableDatasetLike<T>;

/** A map-style dataset-like object (structural: `getItem` + `length`). */
export interface MapDataset<T = unknown> {
  /** The sample at `index` (PyTorch's `__getitem__`). */
  getItem(index: number): T | Promise<T>;
  /** Number of samples (PyTorch's `__len__`). */
  readonly length: number;
  /** How a DataLoader worker thread rebuilds this dataset. */
  workerSpec?(): WorkerSpec;
}

/** The length of a sized dataset, with PyTorch's error for one without. */
export function datasetLength(d: { length?: number } | unknown, what = 'dataset'): number {
  const n = (d as { length?: unknown }).length;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    const name = (d as { constructor?: { name?: string } })?.constructor?.name ?? typeof d;
    throw new TypeError(`object of type '${name}' has no len() (the ${what} needs a numeric length)`);
  }
  return n;
}

/** Whether `v` is a promise-like value. */
export function isThenable<T>(v: T | Promise<T>): v is Promise<T> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function';
}
