import { defaultGenerator, randperm, type Generator } from '@torchts/core';
import { datasetLength, type MapDataset } from './dataset.js';
import { Subset } from './subset.js';

/**
 * Splits a dataset into non-overlapping random subsets of the given lengths, or of the given
 * fractions of its length (summing to 1; the remainder goes one by one to the first splits),
 * exactly as PyTorch's `random_split`: after the same seed, the same samples land in the same
 * subsets (one `randperm` of the whole length).
 *
 * @example
 * ```ts
 * const [train, val] = randomSplit(dataset, [0.8, 0.2], new torch.Generator().manualSeed(42));
 * ```
 */
export function randomSplit<T>(
  dataset: MapDataset<T>,
  lengths: readonly number[],
  generator: Generator = defaultGenerator,
): Subset<T>[] {
  const n = datasetLength(dataset);
  let sizes = [...lengths];
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const total = sum(sizes);
  // math.isclose(sum, 1) with its default rel_tol=1e-9
  if (Math.abs(total - 1) <= 1e-9 * Math.max(Math.abs(total), 1) && total <= 1) {
    const subsetLengths = sizes.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new RangeError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sum(subsetLengths);
    for (let i = 0; i < remainder; i++) subsetLengths[i % subsetLengths.length]! += 1;
    sizes = subsetLengths;
    sizes.forEach((len, i) => {
      if (len === 0) process.emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  for (const s of sizes) {
    if (!Number.isInteger(s) || s < 0) throw new RangeError(`randomSplit: lengths must be non-negative integers or fractions summing to 1, got [${lengths.join(', ')}]`);
  }
  if (sum(sizes) !== n) throw new RangeError('Sum of input lengths does not equal the length of the input dataset!');
  const perm = randperm(n, { generator, device: 'cpu' }).toTypedArray();
  const out: Subset<T>[] = [];
  let offset = 0;
  for (const len of sizes) {
    out.push(new Subset(dataset, perm.subarray(offset, offset + len)));
    offset += len;
  }
  return out;
}
