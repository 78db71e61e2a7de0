/**
 * Helpers shared by derivative formulas.
 * @module
 */
import { arange, int64, where, type Tensor } from '@torchts/core';

/**
 * `t` with zeros where `mask` is true (also where `t` is NaN or infinite there), as
 * PyTorch's `at::where(mask, 0, t)`. Differentiable with respect to `t`.
 */
export function maskedZero(mask: Tensor, t: Tensor): Tensor {
  return where(mask, 0, t);
}

/** `t` reversed along `dim` (PyTorch's `flip`), differentiable (an index_select). */
export function flip(t: Tensor, dim: number): Tensor {
  const n = t.size(dim);
  return t.indexSelect(dim, arange(n - 1, -1, -1, { dtype: int64, device: t.device }));
}

/**
 * Whether `t` has a zero element. Like PyTorch's `prod_backward`, this reads the device;
 * on a backend that cannot read synchronously it answers true (the zero-safe formulas
 * are correct either way).
 */
export function hasZero(t: Tensor): boolean {
  try {
    return t.eq(0).any().item() === true;
  } catch {
    return true;
  }
}
