import { Generator, randint, randperm } from '@torchts/core';
import { datasetLength } from '../dataset.js';
import { drawInt64Seed } from '../rng.js';
import { Sampler, checkBool, checkPositiveInt } from './sampler.js';

/** Options of {@link RandomSampler}. */
export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** How many indices to draw (default: the dataset's length). */
  numSamples?: number;
  /**
   * The generator to draw from. Without one, each iteration seeds a fresh generator from the
   * global one, as PyTorch does.
   */
  generator?: Generator;
}

/**
 * Random indices (PyTorch's `RandomSampler`), the DataLoader's sampler for `shuffle: true`.
 * Without replacement it yields `randperm(n)` (repeated when `numSamples > n`); with
 * replacement, `randint(n)` in chunks of 32. Without a generator, each iteration draws a
 * seed from the global generator (`torch.empty((), dtype=torch.int64).random_()`) and
 * uses a new generator seeded with it, so after the same `torch.manualSeed` the order is
 * PyTorch's.
 *
 * @example
 * ```ts
 * torch.manualSeed(0);
 * [...new RandomSampler({ length: 5 })]; // the same permutation as list(RandomSampler(range(5)))
 * ```
 */
export class RandomSampler extends Sampler<number> {
  /** The dataset (only its length is used). */
  readonly dataSource: { readonly length: number };
  /** Whether samples are drawn with replacement. */
  readonly replacement: boolean;
  /** Generator of the draws (default: a seed from the global one). */
  readonly generator: Generator | undefined;
  private readonly _numSamples: number | undefined;

  constructor(dataSource: { readonly length: number }, options: RandomSamplerOptions = {}) {
    super();
    this.dataSource = dataSource;
    this.replacement = checkBool(options.replacement ?? false, 'replacement');
    this._numSamples = options.numSamples;
    this.generator = options.generator;
    checkPositiveInt(this.numSamples, 'num_samples');
  }

  /** How many indices one iteration yields. */
  get numSamples(): number {
    return this._numSamples ?? datasetLength(this.dataSource);
  }

  /** Number of indices yielded per epoch. */
  get length(): number {
    return this.numSamples;
  }

  /** Yields the indices of one epoch, in random order. */
  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.dataSource);
    const generator = this.generator ?? new Generator().manualSeed(drawInt64Seed());
    const numSamples = this.numSamples;
    const opts = { generator, device: 'cpu' };
    if (this.replacement) {
      for (let k = 0; k < Math.floor(numSamples / 32); k++) yield* randint(n, [32], opts).toTypedArray();
      yield* randint(n, [numSamples % 32], opts).toTypedArray();
    } else {
      for (let k = 0; k < Math.floor(numSamples / n); k++) yield* randperm(n, opts).toTypedArray();
      yield* randperm(n, opts).toTypedArray().subarray(0, numSamples % n);
    }
  }
}
