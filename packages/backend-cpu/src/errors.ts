/**
 * Errors the CPU kernels raise for bad data that core cannot see without reading it
 * (integer division by zero, out-of-range indices). They are core's `RuntimeError`, so that
 * messages print as PyTorch's (`RuntimeError: ZeroDivisionError`).
 * @module
 */
import { RuntimeError } from '@torchts/core';

export { RuntimeError };

/** Throws PyTorch's error for an integer division or remainder by zero. */
export function zeroDivision(): never {
  throw new RuntimeError('ZeroDivisionError');
}
