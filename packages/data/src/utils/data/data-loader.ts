/**
 * `DataLoader`: batches of a dataset, in order or shuffled, loaded on the main thread or in
 * worker threads (PyTorch's `torch.utils.data.DataLoader`).
 * @module
 */
import type { Generator } from '@torchts/core';
import { defaultCollate, defaultConvert, type Collated } from './collate.js';
import {
  datasetLength, isIterableDataset, isThenable, iterateDataset, type DatasetLike, type IterableDataset, type MapDataset,
} from './dataset.js';
import { drawInt64Seed } from './rng.js';
import { BatchSampler } from './samplers/batch-sampler.js';
import { RandomSampler } from './samplers/random-sampler.js';
import { samplerLength, type SamplerLike } from './samplers/sampler.js';
import { SequentialSampler } from './samplers/sequential-sampler.js';
import { encodeForWorker, decodeFromWorker, tryDecodeSync } from './worker/serialize.js';
import { WorkerPool, type Settled } from './worker/worker-pool.js';
import { hasWorkerSpec, moduleSpecifier } from './worker/worker-spec.js';
import type { WorkerInit } from './worker/protocol.js';

/** Options of {@link DataLoader}, PyTorch's keyword arguments in camelCase. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1); `null` turns batching off (then `collateFn` gets single samples). */
  batchSize?: number | null;
  /** Reshuffle every epoch (a {@link RandomSampler}); exclusive with `sampler`. */
  shuffle?: boolean;
  /** Where indices come from (default: sequential, or random with `shuffle`). */
  sampler?: SamplerLike<number>;
  /** Where whole batches of indices come from; exclusive with `batchSize`, `shuffle`, `sampler`, `dropLast`. */
  batchSampler?: SamplerLike<number[]>;
  /**
   * Worker threads loading batches (default 0: load on the main thread). The dataset must
   * say how a worker rebuilds it: the built-in datasets do; see {@link workerDataset}.
   */
  numWorkers?: number;
  /**
   * Turns a list of samples into a batch (default {@link defaultCollate}). With workers, the
   * default collate runs in the workers; another function runs there when it has a
   * `workerSpec()`, else on the main thread (the workers then send samples).
   */
  collateFn?: (batch: T[]) => B;
  /** Accepted for compatibility; there is no pinned memory without CUDA, so it does nothing. */
  pinMemory?: boolean;
  /** Drop the last batch when shorter than `batchSize` (default false). */
  dropLast?: boolean;
  /** With workers: seconds to wait for a batch before failing (default 0: forever). */
  timeout?: number;
  /** Generator for the shuffle and the workers' base seed (default: the global generator). */
  generator?: Generator;
  /** With workers: batches each worker loads ahead (default 2). */
  prefetchFactor?: number;
  /** With workers: keep them between epochs instead of starting new ones (default false). */
  persistentWorkers?: boolean;
  /** With workers: modules each worker imports first (see {@link addWorkerSetupModule}). */
  workerSetup?: (string | URL)[];
}

function isDefault(fn: unknown): boolean {
  return fn === defaultCollate;
}

/**
 * Iterates over a dataset in batches: `for await (const [inputs, labels] of loader)`.
 *
 * It reproduces PyTorch's sampling: with `shuffle: true` and the same `torch.manualSeed`,
 * the batches hold the same samples in the same order as PyTorch's DataLoader (each
 * iteration draws a base seed, then the random sampler seeds its own generator, as in
 * PyTorch). With `numWorkers > 0`, batches are loaded and collated in worker threads
 * (`prefetchFactor * numWorkers` ahead), tensors come back without copying, batches come
 * in order and equal those of `numWorkers: 0`. Worker `i` seeds its global generator with
 * `baseSeed + i` as PyTorch's workers do. An error in a worker is thrown from the loop
 * with the worker's stack; leaving the loop (`break`, an exception) stops the workers.
 *
 * @example
 * ```ts
 * const loader = new DataLoader(trainset, { batchSize: 64, shuffle: true, numWorkers: 2 });
 * console.log(loader.length); // 938 batches for the 60,000 images of Fashion-MNIST
 * for await (const [images, labels] of loader) {
 *   // images: [64, 1, 28, 28] float32, labels: [64] int64
 * }
 * ```
 */
export class DataLoader<T = unknown, B = Collated<T>> implements AsyncIterable<B> {
  /** The dataset batches are drawn from. */
  readonly dataset: DatasetLike<T>;
  /** Samples per batch, or null when a batch sampler decides (or batching is off). */
  readonly batchSize: number | null;
  /** Whether the last, smaller batch is dropped. */
  readonly dropLast: boolean;
  /** Yields the dataset indices in order of use. */
  readonly sampler: SamplerLike<number>;
  /** Yields lists of indices, one per batch, or null when batching is off. */
  readonly batchSampler: SamplerLike<number[]> | null;
  /** Worker threads loading batches (0: the main thread). */
  readonly numWorkers: number;
  /** Batches each worker loads ahead. */
  readonly prefetchFactor: number;
  /** Accepted for compatibility; does nothing (no pinned memory without CUDA). */
  readonly pinMemory: boolean;
  /** Whether workers are kept between epochs. */
  readonly persistentWorkers: boolean;
  /** With workers: seconds to wait for a batch before failing (0: forever). */
  readonly timeout: number;
  /** Generator for the shuffling and the base seed (default: the global one). */
  readonly generator: Generator | undefined;
  /** Merges a list of samples into a batch (default `defaultCollate`). */
  readonly collateFn: (batch: T[]) => B;
  /** Modules each worker imports before loading (see `addWorkerSetupModule`). */
  readonly workerSetup: string[];
  private readonly iterable: boolean;
  private pool: WorkerPool | null = null;
  private epoch = 0;

  constructor(dataset: DatasetLike<T>, options: DataLoaderOptions<T, B> = {}) {
    const numWorkers = options.numWorkers ?? 0;
    if (!Number.isInteger(numWorkers) || numWorkers < 0) {
      throw new RangeError('num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.');
    }
    const timeout = options.timeout ?? 0;
    if (timeout < 0) throw new RangeError('timeout option should be non-negative');
    if (numWorkers === 0 && options.prefetchFactor !== undefined && options.prefetchFactor !== 2) {
      throw new RangeError(
        'prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.',
      );
    }
    const prefetchFactor = options.prefetchFactor ?? 2;
    if (!Number.isInteger(prefetchFactor) || prefetchFactor <= 0) throw new RangeError('prefetchFactor should be a positive integer');
    if (options.persistentWorkers && numWorkers === 0) throw new RangeError('persistent_workers option needs num_workers > 0');

    this.dataset = dataset;
    this.numWorkers = numWorkers;
    this.prefetchFactor = prefetchFactor;
    this.pinMemory = options.pinMemory ?? false;
    this.timeout = timeout;
    this.persistentWorkers = options.persistentWorkers ?? false;
    this.generator = options.generator;
    this.workerSetup = (options.workerSetup ?? []).map((m) => moduleSpecifier(m));

    let shuffle = options.shuffle;
    let sampler = options.sampler;
    let batchSampler = options.batchSampler;
    let batchSize = options.batchSize === undefined ? 1 : options.batchSize;
    const dropLast = options.dropLast ?? false;
    this.iterable = isIterableDataset(dataset);
    if (this.iterable) {
      if (shuffle) throw new RangeError(`DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${shuffle}`);
      if (sampler) throw new RangeError('DataLoader with IterableDataset: expected unspecified sampler option');
      if (batchSampler) throw new RangeError('DataLoader with IterableDataset: expected unspecified batch_sampler option');
    } else {
      shuffle = Boolean(shuffle);
    }
    if (sampler && shuffle) throw new RangeError('sampler option is mutually exclusive with shuffle');
    if (batchSampler) {
      if (batchSize !== 1 || shuffle || sampler || dropLast) {
        throw new RangeError('batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last');
      }
      batchSize = null;
    } else if (batchSize === null && dropLast) {
      throw new RangeError('batch_size=None option disables auto-batching and is mutually exclusive with drop_last');
    }
    if (batchSize !== null && (!Number.isInteger(batchSize) || batchSize <= 0)) {
      throw new RangeError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    }
    if (!sampler) {
      if (this.iterable) sampler = { *[Symbol.iterator]() { for (;;) yield -1; } }; // _InfiniteConstantSampler
      else if (shuffle) sampler = new RandomSampler(dataset as MapDataset<T>, this.generator ? { generator: this.generator } : {});
      else sampler = new SequentialSampler(dataset as MapDataset<T>);
    }
    if (batchSize !== null && !batchSampler) batchSampler = new BatchSampler(sampler, batchSize, dropLast);

    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.sampler = sampler;
    this.batchSampler = batchSampler ?? null;
    const autoCollation = this.batchSampler !== null;
    this.collateFn = options.collateFn ?? ((autoCollation ? defaultCollate : defaultConvert) as unknown as (b: T[]) => B);
  }

  /** Whether batches are formed from `batchSize` / `batchSampler` (PyTorch's `_auto_collation`). */
  get autoCollation(): boolean {
    return this.batchSampler !== null;
  }

  /** Number of batches per epoch (`len(loader)`). */
  get length(): number {
    if (this.iterable) {
      const n = datasetLength(this.dataset, 'IterableDataset');
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    return samplerLength(this.autoCollation ? this.batchSampler : this.sampler);
  }

  /** One epoch of batches. */
  [Symbol.asyncIterator](): AsyncGenerator<B, void, undefined> {
    return this.numWorkers === 0 ? this.iterSingle() : this.iterWorkers();
  }

  /** Stops persistent workers (they also let the process exit while idle). */
  async shutdown(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    if (pool) await pool.terminate();
  }

  private indexIterator(): Iterator<number | number[]> {
    return (this.autoCollation ? this.batchSampler! : this.sampler)[Symbol.iterator]() as Iterator<number | number[]>;
  }

  private async *iterSingle(): AsyncGenerator<B, void, undefined> {
    const indices = this.indexIterator();
    drawInt64Seed(this.generator); // PyTorch's _base_seed, drawn even without workers
    const collate = this.collateFn as (b: unknown) => B;
    if (this.iterable) {
      yield* this.iterSingleIterable(collate);
      return;
    }
    const ds = this.dataset as MapDataset<T>;
    for (let r = indices.next(); !r.done; r = indices.next()) {
      const idx = r.value;
      if (typeof idx === 'number') {
        const item = ds.getItem(idx);
        yield collate(isThenable(item) ? await item : item);
        continue;
      }
      const samples: T[] = new Array(idx.length);
      for (let k = 0; k < idx.length; k++) {
        const item = ds.getItem(idx[k]!);
        samples[k] = isThenable(item) ? await item : item;
      }
      yield collate(samples);
    }
  }

  private async *iterSingleIterable(collate: (b: unknown) => B): AsyncGenerator<B, void, undefined> {
    const size = this.batchSize;
    let batch: T[] = [];
    for await (const sample of iterateDataset(this.dataset as IterableDataset<T>)) {
      if (size === null) {
        yield collate(sample);
        continue;
      }
      batch.push(sample);
      if (batch.length === size) {
        yield collate(batch);
        batch = [];
      }
    }
    if (size !== null && batch.length > 0 && !this.dropLast) yield collate(batch);
  }

  private startPool(baseSeed: bigint): WorkerPool {
    if (!hasWorkerSpec(this.dataset)) {
      const name = (this.dataset as object).constructor?.name ?? 'the dataset';
      throw new TypeError(
        `DataLoader with numWorkers > 0: ${name} does not say how a worker thread rebuilds it. Give it a ` +
          'workerSpec() method, or create it with workerDataset(moduleUrl, exportName, ...args)',
      );
    }
    const dataset = encodeForWorker(this.dataset, {}, 'dataset');
    const fn = this.collateFn as unknown;
    let collate: WorkerInit['collate'];
    if (isDefault(fn)) collate = { kind: 'default' };
    else if (fn === defaultConvert) collate = { kind: 'convert' };
    else if (hasWorkerSpec(fn)) collate = { kind: 'spec', spec: encodeForWorker(fn, {}, 'collateFn') };
    else collate = { kind: 'main' };
    return new WorkerPool({
      numWorkers: this.numWorkers,
      baseSeed,
      setup: this.workerSetup,
      init: {
        dataset,
        collate,
        autoCollation: this.autoCollation,
        iterable: this.iterable,
        batchSize: this.batchSize,
        dropLast: this.dropLast,
      },
    });
  }

  private async *iterWorkers(): AsyncGenerator<B, void, undefined> {
    const indices = this.iterable ? null : this.indexIterator();
    let pool = this.persistentWorkers ? this.pool : null;
    if (!pool) {
      pool = this.startPool(drawInt64Seed(this.generator));
      if (this.persistentWorkers) this.pool = pool;
    }
    const epoch = this.epoch++;
    if (this.iterable) pool.broadcast({ type: 'reset', epoch });
    const mainCollate = this.collateFn as (b: unknown) => B;
    const collateHere = !isDefault(this.collateFn) && this.collateFn !== (defaultConvert as unknown) && !hasWorkerSpec(this.collateFn);
    const finished: boolean[] = new Array(this.numWorkers).fill(false);
    const queue: Promise<Settled>[] = [];
    const maxOutstanding = this.prefetchFactor * this.numWorkers;
    let exhausted = false;
    let failed = false;

    const fill = (): void => {
      while (!exhausted && queue.length < maxOutstanding) {
        if (indices) {
          const r = indices.next();
          if (r.done) {
            exhausted = true;
            return;
          }
          queue.push(pool!.request(pool!.nextWorker()!, { type: 'fetch', epoch, indices: r.value }));
        } else {
          const id = pool!.nextWorker(finished);
          if (id === undefined) {
            exhausted = true;
            return;
          }
          const p = pool!.request(id, { type: 'next', epoch });
          queue.push(p.then((s) => {
            if (s.kind === 'end') finished[id] = true;
            return s;
          }));
        }
      }
    };

    try {
      fill();
      while (queue.length > 0) {
        const settled = await this.withTimeout(queue.shift()!);
        if (settled.kind === 'error') throw settled.error;
        if (settled.kind === 'end') {
          // that worker's stream ended; stop asking it
          fill();
          continue;
        }
        fill();
        const sync = tryDecodeSync(settled.data);
        const data = sync ? sync.value : await decodeFromWorker(settled.data);
        yield collateHere ? mainCollate(data) : (data as B);
      }
    } catch (e) {
      failed = true;
      throw e;
    } finally {
      // Persistent workers survive the end of an epoch and a `break`, not an error.
      if (!this.persistentWorkers || failed) {
        if (this.pool === pool) this.pool = null;
        await pool.terminate();
      } else {
        pool.abandon();
      }
    }
  }

  private withTimeout(p: Promise<Settled>): Promise<Settled> {
    if (this.timeout <= 0) return p;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const t = new Promise<Settled>((resolve) => {
      timer = setTimeout(
        () => resolve({ kind: 'error', error: new Error(`DataLoader timed out after ${this.timeout} seconds`) }),
        this.timeout * 1000,
      );
    });
    return Promise.race([p, t]).finally(() => clearTimeout(timer));
  }
}
