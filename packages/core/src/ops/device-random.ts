/**
 * Random fills on the device: when a tensor's backend provides `FusedKernels.random` and no
 * explicit (CPU) `generator` was given, `uniform_`, `normal_`, `bernoulli_(p: number)`,
 * `torch.rand` and `torch.randn` draw Philox4x32-10 numbers on the device from
 * {@link deviceGenerator} instead of drawing on the host and copying. The CPU generator's
 * stream is left untouched by such fills. See random/philox.ts for the exact recipe (not
 * PyTorch's CUDA numbers). Records nothing for autograd (callers do).
 * @module
 */
import type { View } from '../backend.js';
import { contiguousStrides } from '../shape.js';
import type { Tensor } from '../tensor.js';
import { deviceGenerator, philoxWordsConsumed, type PhiloxDtypeName, type RandomKind } from '../random/philox.js';
import { emptyTensor } from './helpers.js';

/** @internal Whether `t` would be filled on its device (its backend has a random kernel and no generator is given). */
export function usesDeviceRandom(t: Tensor, generator: unknown): boolean {
  return generator === undefined && t._storage.backend.fused?.random !== undefined;
}

/**
 * @internal Fills `target` (a view of `t`'s storage whose row-major order is the order to fill
 * in) on the device, staging through a contiguous buffer when the view is not contiguous.
 * Advances the device generator by the words the fill consumes.
 */
export function deviceRandomFill(t: Tensor, target: View, kind: RandomKind, a: number, b: number): void {
  const backend = t._storage.backend;
  const random = backend.fused!.random!;
  let n = 1;
  for (const s of target.shape) n *= s;
  if (n === 0) return;
  const dtypeName = (t.dtype.isFloatingPoint ? t.dtype.name : 'float32') as PhiloxDtypeName;
  const offset = deviceGenerator.reserve(philoxWordsConsumed(kind, dtypeName, n));
  const strides = contiguousStrides(target.shape);
  const contiguous = target.shape.every((s, i) => s === 1 || target.strides[i] === strides[i]);
  if (contiguous) {
    random(kind, { ...target, strides }, deviceGenerator.seed, offset, a, b);
    return;
  }
  const staged = emptyTensor(target.shape, t.dtype, t.device);
  random(kind, staged._view(), deviceGenerator.seed, offset, a, b);
  backend.copy({ buffer: staged._storage.buffer, shape: target.shape, strides, offset: 0 }, target);
  staged.dispose();
}
