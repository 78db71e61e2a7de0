import { defaultGenerator, randperm, type Generator } from '@torchts/core';
import { Sampler } from './sampler.js';

/**
 * The given indices in a random order, without replacement (PyTorch's
 * `SubsetRandomSampler`): `indices[randperm(len)]`, drawn from `generator` (default: the
 * global generator).
 */
export class SubsetRandomSampler extends Sampler<number> {
  readonly indices: readonly number[];
  readonly generator: Generator | undefined;

  constructor(indices: ArrayLike<number>, options: { generator?: Generator } = {}) {
    super();
    this.indices = Array.from(indices);
    this.generator = options.generator;
  }

  *[Symbol.iterator](): Iterator<number> {
    const perm = randperm(this.indices.length, { generator: this.generator ?? defaultGenerator, device: 'cpu' }).toTypedArray();
    for (const i of perm) yield this.indices[i]!;
  }

  get length(): number {
    return this.indices.length;
  }
}
