import { Sampler, checkBool, checkPositiveInt, samplerLength, type SamplerLike } from './sampler.js';

/**
 * Groups the indices of another sampler into lists of `batchSize` (PyTorch's
 * `BatchSampler`); the last shorter batch is kept unless `dropLast`.
 *
 * @example
 * ```ts
 * [...new BatchSampler(new SequentialSampler({ length: 10 }), 3, false)];
 * // [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
 * ```
 */
export class BatchSampler extends Sampler<number[]> {
  /** Yields the indices that are grouped. */
  readonly sampler: SamplerLike<number>;
  /** Indices per batch. */
  readonly batchSize: number;
  /** Whether the last, smaller batch is dropped. */
  readonly dropLast: boolean;

  constructor(sampler: SamplerLike<number>, batchSize: number, dropLast: boolean) {
    super();
    this.batchSize = checkPositiveInt(batchSize, 'batch_size');
    this.dropLast = checkBool(dropLast, 'drop_last');
    this.sampler = sampler;
  }

  /** Yields the batches of indices of one epoch. */
  *[Symbol.iterator](): Iterator<number[]> {
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }

  /** Number of batches. */
  get length(): number {
    const n = samplerLength(this.sampler);
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}
