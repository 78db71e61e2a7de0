/**
 * Error types, named as PyTorch's Python exceptions so messages read the same.
 * @module
 */

/** PyTorch's `RuntimeError`: shape mismatches, invalid views, kernels refusing input. */
export class RuntimeError extends Error {
  override name = 'RuntimeError';
}

/** PyTorch's `IndexError`: indices out of range, dimensions out of range. */
export class IndexError extends Error {
  override name = 'IndexError';
}

/** PyTorch's `ValueError`. */
export class ValueError extends Error {
  override name = 'ValueError';
}

/** Throws `RuntimeError(message)` unless `cond` holds. */
export function check(cond: unknown, message: string | (() => string)): asserts cond {
  if (!cond) throw new RuntimeError(typeof message === 'string' ? message : message());
}
