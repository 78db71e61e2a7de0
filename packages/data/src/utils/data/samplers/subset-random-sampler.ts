import { defaultGenerator, randperm, type Generator } from '@torchts/core';
import { Sampler } from './sampler.js';

/**
 * The given indices in a random order, without replacement (PyTorch's
 * `SubsetRandomSampler`): `indices[randperm(len)]`, drawn from `generator` (default: the
 * global generator).
 */
export class SubsetRandomSampler extends Sampler<number> {
  /** The indices sampled from. */
  readonly indices: readonly number[];
  /** Generator of the permutation (default: the global one). */
  readonly generator: Generator | undefined;

  constructor(indices: ArrayLike<number>, options: { generator?: Generator } = {}) {
    super();
    this.indices = Array.from(indices);
    this.generator = options.generator;
  }

  /** Yields the indices in a new random order. */
  *[Symbol.iterator](): Iterator<number> {
    const perm = randperm(this.indices.length, { generator: this.generator ?? defaultGenerator, device: 'cpu' }).toTypedArray();
    for (const i of perm) yield this.indices[i]!;
  }

  /** Number of indices yielded. */
  get length(): number {
    return this.indices.length;
  }
}
