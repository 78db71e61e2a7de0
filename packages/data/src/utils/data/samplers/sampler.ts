/**
 * The sampler base class (PyTorch's `torch.utils.data.Sampler`).
 * @module
 */

/**
 * Yields dataset indices (or, for a batch sampler, lists of indices). Iteration is lazy: a
 * random sampler draws from its generator when iteration starts, as PyTorch's do.
 *
 * @typeParam T what it yields: `number` for index samplers, `number[]` for batch samplers
 */
export abstract class Sampler<T = number> implements Iterable<T> {
  /** Yields the samples of one epoch. */
  abstract [Symbol.iterator](): Iterator<T>;
}

/** Anything iterable as a sampler, with an optional `length`. */
export type SamplerLike<T = number> = Iterable<T> & { readonly length?: number };

/** `len(sampler)` with PyTorch's error when it has none. */
export function samplerLength(s: unknown): number {
  const n = (s as { length?: unknown }).length;
  if (typeof n !== 'number') {
    throw new TypeError(`object of type '${(s as object)?.constructor?.name ?? typeof s}' has no len()`);
  }
  return n;
}

/** @internal Checks a positive integer option with PyTorch's wording. */
export function checkPositiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${name} should be a positive integer value, but got ${name}=${String(value)}`);
  }
  return value;
}

/** @internal Checks a boolean option with PyTorch's wording. */
export function checkBool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') {
    throw new TypeError(`${name} should be a boolean value, but got ${name}=${String(value)}`);
  }
  return value;
}
