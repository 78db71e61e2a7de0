import { Generator, randperm } from '@torchts/core';
import { datasetLength } from '../dataset.js';
import { Sampler } from './sampler.js';

/** Options of {@link DistributedSampler}. */
export interface DistributedSamplerOptions {
  /** Number of processes (default: the `WORLD_SIZE` environment variable). */
  numReplicas?: number;
  /** This process's rank (default: the `RANK` environment variable). */
  rank?: number;
  /** Shuffle with a generator seeded by `seed + epoch` (default true). */
  shuffle?: boolean;
  /** Shuffling seed, the same in every process (default 0). */
  seed?: number;
  /** Drop the tail so that every replica gets the same count (default false: pad by repeating). */
  dropLast?: boolean;
}

function envInt(name: string): number | undefined {
  const v = typeof process !== 'undefined' ? process.env[name] : undefined;
  return v === undefined || v === '' ? undefined : Number(v);
}

/**
 * The share of the dataset's indices that one of `numReplicas` processes reads (PyTorch's
 * `DistributedSampler`): a `randperm` seeded with `seed + epoch` (the same in every
 * process), padded or truncated to a multiple of `numReplicas`, then every
 * `numReplicas`-th index from `rank`. Call {@link DistributedSampler.setEpoch} before each
 * epoch to reshuffle.
 *
 * @example
 * ```ts
 * const sampler = new DistributedSampler(trainset, { numReplicas: 2, rank: 0 });
 * const loader = new DataLoader(trainset, { batchSize: 64, sampler });
 * for (let epoch = 0; epoch < 10; epoch++) { sampler.setEpoch(epoch); for await (const b of loader) {} }
 * ```
 */
export class DistributedSampler extends Sampler<number> {
  /** The dataset (only its length is used). */
  readonly dataset: { readonly length: number };
  /** Number of processes the data is split across. */
  readonly numReplicas: number;
  /** This process's share, 0 to `numReplicas - 1`. */
  readonly rank: number;
  /** Whether indices are shuffled (by `seed` and the epoch). */
  readonly shuffle: boolean;
  /** Seed of the shuffle, the same on every replica. */
  readonly seed: number;
  /** Whether the tail is dropped to split evenly, instead of padding by repetition. */
  readonly dropLast: boolean;
  /** The epoch set by {@link DistributedSampler.setEpoch}. */
  epoch = 0;

  constructor(dataset: { readonly length: number }, options: DistributedSamplerOptions = {}) {
    super();
    const numReplicas = options.numReplicas ?? envInt('WORLD_SIZE');
    const rank = options.rank ?? envInt('RANK');
    if (numReplicas === undefined || rank === undefined) {
      throw new Error(
        'DistributedSampler needs numReplicas and rank: pass them as options or set WORLD_SIZE and RANK ' +
          '(there is no default process group)',
      );
    }
    if (!Number.isInteger(numReplicas) || numReplicas <= 0) {
      throw new RangeError(`numReplicas should be a positive integer, but got ${numReplicas}`);
    }
    if (!Number.isInteger(rank) || rank >= numReplicas || rank < 0) {
      throw new RangeError(`Invalid rank ${rank}, rank should be in the interval [0, ${numReplicas - 1}]`);
    }
    this.dataset = dataset;
    this.numReplicas = numReplicas;
    this.rank = rank;
    this.shuffle = options.shuffle ?? true;
    this.seed = options.seed ?? 0;
    this.dropLast = options.dropLast ?? false;
  }

  /** How many indices this replica yields. */
  get numSamples(): number {
    const n = datasetLength(this.dataset);
    if (this.dropLast && n % this.numReplicas !== 0) return Math.ceil((n - this.numReplicas) / this.numReplicas);
    return Math.ceil(n / this.numReplicas);
  }

  /** `numSamples * numReplicas`. */
  get totalSize(): number {
    return this.numSamples * this.numReplicas;
  }

  /** Number of indices this replica yields. */
  get length(): number {
    return this.numSamples;
  }

  /** Sets the epoch, which changes the shuffle (PyTorch's `set_epoch`). */
  setEpoch(epoch: number): void {
    this.epoch = epoch;
  }

  /** Yields this replica's indices for the current epoch. */
  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.dataset);
    let indices: number[];
    if (this.shuffle) {
      const g = new Generator().manualSeed(this.seed + this.epoch);
      indices = Array.from(randperm(n, { generator: g, device: 'cpu' }).toTypedArray());
    } else {
      indices = Array.from({ length: n }, (_, i) => i);
    }
    const total = this.totalSize;
    if (!this.dropLast) {
      const padding = total - indices.length;
      if (padding <= indices.length) indices = indices.concat(indices.slice(0, padding));
      else {
        let rep: number[] = [];
        for (let k = 0; k < Math.ceil(padding / indices.length); k++) rep = rep.concat(indices);
        indices = indices.concat(rep.slice(0, padding));
      }
    } else {
      indices = indices.slice(0, total);
    }
    for (let i = this.rank; i < total; i += this.numReplicas) yield indices[i]!;
  }
}
