/**
 * Reference training-mode batch normalisation over [N, C, S] views (see
 * `FusedKernels.batchNorm` / `batchNormBackward`): the formulas of PyTorch's
 * `native_batch_norm` and `native_batch_norm_backward`, per channel in float64, each output
 * rounded once.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, setAt } from './storage.js';

/** The values of channel `c` of an [N, C, S] view, in order. */
function channel(v: View, c: number): number[] {
  const [N, , S] = v.shape;
  const out: number[] = [];
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) out.push(getAt(v, [n, c, s]));
  return out;
}

/** Writes `values` (in {@link channel}'s order) into channel `c` of an [N, C, S] view. */
function setChannel(v: View, c: number, values: readonly number[]): void {
  const [N, , S] = v.shape;
  let i = 0;
  for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) setAt(v, [n, c, s], values[i++]);
}

/**
 * Batch norm forward: per channel the mean, `invstd = 1 / sqrt(biased var + eps)`, and
 * `out = (x - mean) * invstd * weight + bias`.
 */
export function batchNorm(input: View, weight: View | null, bias: View | null, eps: number,
  out: View, mean: View, invstd: View): void {
  for (let c = 0; c < input.shape[1]; c++) {
    const x = channel(input, c);
    const mu = x.reduce((a, v) => a + v, 0) / x.length;
    const variance = x.reduce((a, v) => a + (v - mu) * (v - mu), 0) / x.length;
    const is = 1 / Math.sqrt(variance + eps);
    const w = weight ? getAt(weight, [c]) : 1, b = bias ? getAt(bias, [c]) : 0;
    setAt(mean, [c], mu);
    setAt(invstd, [c], is);
    setChannel(out, c, x.map((v) => (v - mu) * is * w + b));
  }
}

/**
 * Batch norm backward (train=true) from the given mean and invstd: `gradBias = Σ dy`,
 * `gradWeight = Σ dy * xhat`, `gradInput = weight * invstd / M * (M * dy - Σ dy - xhat * Σ dy * xhat)`.
 */
export function batchNormBackward(gradOut: View, input: View, weight: View | null, mean: View, invstd: View,
  gradInput: View | null, gradWeight: View | null, gradBias: View | null): void {
  for (let c = 0; c < input.shape[1]; c++) {
    const x = channel(input, c), dy = channel(gradOut, c);
    const mu = getAt(mean, [c]), is = getAt(invstd, [c]);
    const M = x.length;
    const xhat = x.map((v) => (v - mu) * is);
    const sumDy = dy.reduce((a, v) => a + v, 0);
    const sumDyXhat = dy.reduce((a, v, i) => a + v * xhat[i], 0);
    if (gradBias) setAt(gradBias, [c], sumDy);
    if (gradWeight) setAt(gradWeight, [c], sumDyXhat);
    if (gradInput) {
      const k = (weight ? getAt(weight, [c]) : 1) * is / M;
      setChannel(gradInput, c, dy.map((v, i) => k * (M * v - sumDy - xhat[i] * sumDyXhat)));
    }
  }
}
