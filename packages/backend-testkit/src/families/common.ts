/**
 * Small helpers shared by the op families.
 * @module
 */
import { dtypes, type DType } from '@torchts/core';
import { inputLayoutKinds, outputLayoutKinds, type LayoutKind } from '../cases/layouts.js';
import type { Rng } from '../cases/random.js';

/** Case `i`'s layout for an input: cycles through every kind, so each test meets them all. */
export function inputKind(i: number, rng: Rng): LayoutKind {
  return i < inputLayoutKinds.length ? inputLayoutKinds[(i + rng.int(0, 5)) % inputLayoutKinds.length] : rng.pick(inputLayoutKinds);
}

/** Case `i`'s layout for an output. */
export function outputKind(i: number, rng: Rng): LayoutKind {
  return i < outputLayoutKinds.length ? outputLayoutKinds[(i + rng.int(0, 4)) % outputLayoutKinds.length] : rng.pick(outputLayoutKinds);
}

/** The dtype sums and products of `dtype` produce: itself for floats, int64 for ints and bool. */
export function accumulateDtype(dtype: DType): DType {
  return dtype.isFloatingPoint ? dtype : dtypes.int64;
}

/**
 * Integer values around ±1 (and rarely 0, ±2, 3) whose long products stay far below 2^53;
 * only non-negative ones for uint8, where -1 would be 255.
 */
export function productInts(dtype: DType): { choices: readonly number[] } {
  const choices = [...Array(200).fill(1), ...Array(200).fill(-1), 2, -2, 3, 0];
  return { choices: dtype.name === 'uint8' ? choices.map(Math.abs) : choices };
}

/** Float values of magnitude 0.5 to 1.5 whose long products neither overflow nor underflow. */
export function productFloats(rng: Rng): number[] {
  return Array.from({ length: 64 }, () => (rng.chance(0.5) ? -1 : 1) * rng.uniform(0.5, 1.5));
}
