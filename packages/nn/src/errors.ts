/**
 * Error types of @torchts/nn that @torchts/core does not define (JS's own `TypeError`
 * stands for Python's).
 * @module
 */

/** Python's `NotImplementedError`, as PyTorch raises it for a Module without `forward`. */
export class NotImplementedError extends Error {
  override name = 'NotImplementedError';
}

/** Python's `KeyError` (a missing key in a `ModuleDict`). */
export class KeyError extends Error {
  override name = 'KeyError';
}
