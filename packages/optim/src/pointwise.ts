/**
 * In-place `addcmul_` / `addcdiv_` composed from core's ops, rounding step by step as
 * PyTorch's CPU kernels do (`self + value * t1 * t2`, `self + value * t1 / t2`, evaluated left
 * to right in the tensor's dtype), so optimizer trajectories match PyTorch's to the last bit
 * where PyTorch's kernel does not fuse a multiply-add.
 * @module
 */
import type { Tensor } from '@torchts/core';

/** `self.addcmul_(t1, t2, value)`: `self += (value * t1) * t2`. Returns `self`. */
export function addcmul_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const prod = value === 1 ? t1.mul(t2) : t1.mul(value).mul_(t2);
  self.add_(prod);
  prod.dispose();
  return self;
}

/** `self.addcdiv_(t1, t2, value)`: `self += (value * t1) / t2`. Returns `self`. */
export function addcdiv_(self: Tensor, t1: Tensor, t2: Tensor, value = 1): Tensor {
  const quot = value === 1 ? t1.div(t2) : t1.mul(value).div_(t2);
  self.add_(quot);
  quot.dispose();
  return self;
}
