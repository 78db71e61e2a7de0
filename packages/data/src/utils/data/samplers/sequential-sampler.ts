import { datasetLength } from '../dataset.js';
import { Sampler } from './sampler.js';

/**
 * Indices `0, 1, ..., length - 1` in order (PyTorch's `SequentialSampler`); the DataLoader's
 * sampler when `shuffle` is off.
 */
export class SequentialSampler extends Sampler<number> {
  /** The dataset (only its length is used). */
  readonly dataSource: { readonly length: number };

  constructor(dataSource: { readonly length: number }) {
    super();
    this.dataSource = dataSource;
  }

  /** Yields 0, 1, ..., length - 1. */
  *[Symbol.iterator](): Iterator<number> {
    const n = datasetLength(this.dataSource);
    for (let i = 0; i < n; i++) yield i;
  }

  /** Number of indices yielded. */
  get length(): number {
    return datasetLength(this.dataSource);
  }
}
