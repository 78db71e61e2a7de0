/**
 * The few raw draws the data utilities make from a torch {@link Generator} that the tensor API
 * cannot express exactly: a full 63-bit `int64` (a tensor's int64 holds only 53 bits) and a
 * double uniform.
 * @module
 */
import { defaultGenerator, type Generator } from '@torchts/core';

const TWO_M53 = 2 ** -53;

/**
 * `int(torch.empty((), dtype=torch.int64).random_(generator=g).item())` with every bit: PyTorch
 * draws seeds this way (the DataLoader's base seed, RandomSampler's seed). One `random64()`
 * modulo 2^63: the first 32-bit draw gives the high word.
 */
export function drawInt64Seed(generator?: Generator | null): bigint {
  const mt = (generator ?? defaultGenerator).engine;
  const hi = mt.nextUint32() & 0x7fffffff;
  const lo = mt.nextUint32();
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** PyTorch's `uniform_real_distribution<double>(0, 1)`: 53 bits of `random64()`. */
export function uniformDouble(generator?: Generator | null): number {
  return (generator ?? defaultGenerator).engine.nextUint53() * TWO_M53;
}
