import { RuntimeError, defaultGenerator, isTensor, type Generator, type Tensor } from '@torchts/core';
import { uniformDouble } from '../rng.js';
import { Sampler, checkBool, checkPositiveInt } from './sampler.js';

/** Options of {@link WeightedRandomSampler}. */
export interface WeightedRandomSamplerOptions {
  /** Draw with replacement (default true). */
  replacement?: boolean;
  /** The generator to draw from (default: the global one). */
  generator?: Generator;
}

/**
 * `torch.multinomial(weights, numSamples, replacement)` on the CPU for a float64 row of
 * weights, drawing what PyTorch 1.13 draws (builds without MKL, like Debian's):
 * - with replacement: the normalised cumulative distribution and, per sample, a binary
 *   search for one double uniform;
 * - without: `topk` of `w / q` where `q ~ Exp(1)` is `-log(1 - u)` per weight
 *   (JavaScript's `Math.log` may differ from glibc's in the last bit, which matters only
 *   for near-exact ties).
 */
export function multinomial(
  weights: Float64Array,
  numSamples: number,
  replacement: boolean,
  generator: Generator = defaultGenerator,
): number[] {
  const n = weights.length;
  if (n === 0) throw new RuntimeError('cannot sample from an empty probability distribution');
  if (!replacement && numSamples > n) {
    throw new RuntimeError('cannot sample n_sample > prob_dist.size(-1) samples without replacement');
  }
  const out: number[] = new Array(numSamples);
  if (!replacement) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (!(w >= 0) || w === Infinity) throw new RuntimeError('probability tensor contains either `inf`, `nan` or element < 0');
      total += w;
    }
    if (!(total > 0)) throw new RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)');
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = weights[i]! / (-1.0 * Math.log(1.0 - uniformDouble(generator)));
    const order = Array.from({ length: n }, (_, i) => i);
    // topk: largest first; ties keep the lower index first
    order.sort((a, b) => keys[b]! - keys[a]! || a - b);
    for (let k = 0; k < numSamples; k++) out[k] = order[k]!;
    return out;
  }
  const cum = new Float64Array(n);
  let sum = 0;
  for (let j = 0; j < n; j++) {
    const w = weights[j]!;
    if (!(w >= 0)) throw new RuntimeError('invalid multinomial distribution (encountering probability entry < 0)');
    if (!Number.isFinite(w)) throw new RuntimeError('invalid multinomial distribution (encountering probability entry = infinity or NaN)');
    sum += w;
    cum[j] = sum;
  }
  if (!(sum > 0)) throw new RuntimeError('invalid multinomial distribution (sum of probabilities <= 0)');
  for (let j = 0; j < n; j++) cum[j] = cum[j]! / sum;
  cum[n - 1] = 1;
  for (let k = 0; k < numSamples; k++) {
    const u = uniformDouble(generator);
    let left = 0;
    let right = n;
    while (right - left > 0) {
      const mid = left + ((right - left) >> 1);
      if (cum[mid]! < u) left = mid + 1;
      else right = mid;
    }
    out[k] = left;
  }
  return out;
}

/**
 * Indices `0..weights.length-1` drawn with probabilities proportional to `weights`
 * (PyTorch's `WeightedRandomSampler`, through `torch.multinomial`): the same indices as
 * PyTorch for the same generator state; see {@link multinomial} for the one caveat.
 *
 * @example
 * ```ts
 * torch.manualSeed(0);
 * [...new WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0, 0.6], 5)]; // [5, 4, 4, 5, 4], as PyTorch
 * ```
 */
export class WeightedRandomSampler extends Sampler<number> {
  /** Weight of each index (need not sum to one). */
  readonly weights: Float64Array;
  /** Number of indices drawn per epoch. */
  readonly numSamples: number;
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  /** Generator of the draws (default: the global one). */
  readonly generator: Generator | undefined;

  constructor(weights: ArrayLike<number> | Tensor, numSamples: number, options: WeightedRandomSamplerOptions = {}) {
    super();
    this.numSamples = checkPositiveInt(numSamples, 'num_samples');
    this.replacement = checkBool(options.replacement ?? true, 'replacement');
    const w = isTensor(weights) ? Array.from(weights.toTypedArray() as ArrayLike<number>) : Array.from(weights);
    this.weights = Float64Array.from(w);
    this.generator = options.generator;
  }

  /** Yields `numSamples` indices drawn by weight. */
  *[Symbol.iterator](): Iterator<number> {
    yield* multinomial(this.weights, this.numSamples, this.replacement, this.generator ?? defaultGenerator);
  }

  /** Number of indices yielded per epoch. */
  get length(): number {
    return this.numSamples;
  }
}
