/**
 * Error types of @torchts/optim that @torchts/core does not define (JS's own `TypeError`
 * stands for Python's).
 * @module
 */

/**
 * Python's `KeyError`, as PyTorch raises it when a scheduler resumes (`lastEpoch` given)
 * on an optimizer whose groups have no `initial_lr`.
 */
export class KeyError extends Error {
  override name = 'KeyError';
}
