/**
 * Fused training-mode batch normalisation (PyTorch's `native_batch_norm` and
 * `native_batch_norm_backward` with train=true) over contiguous [N, C, S] views: per channel,
 * one pass for the statistics (float64 sums) and one to write.
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { roundBFloat16View } from './bfloat16.js';
import { roundHalfView } from './half.js';

/** Rounds a float16/bfloat16 view after a float kernel wrote it (no-op for other dtypes). */
function roundView(v: View): void {
  if (v.buffer.dtype.name === 'float16') roundHalfView(v);
  else if (v.buffer.dtype.name === 'bfloat16') roundBFloat16View(v);
}

/**
 * Batch norm forward: `mean[c]`, `invstd[c] = 1 / sqrt(biased var + eps)` over the N*S elements
 * of channel c, and `out = (x - mean) * invstd * weight + bias` (weight null = 1, bias null = 0).
 * The variance is the mean of squared deviations (two passes), as PyTorch's CPU kernel.
 */
export function batchNorm(input: View, weight: View | null, bias: View | null, eps: number,
  out: View, mean: View, invstd: View): void {
  const [N, C, S] = input.shape as [number, number, number];
  const X = dataOf(input), O = dataOf(out), Me = dataOf(mean), Is = dataOf(invstd);
  const Wd = weight ? dataOf(weight) : null, Bd = bias ? dataOf(bias) : null;
  const M = N * S, cs = C * S;
  for (let c = 0; c < C; c++) {
    let sum = 0;
    for (let n = 0; n < N; n++) {
      const base = input.offset + n * cs + c * S;
      for (let s = 0; s < S; s++) sum += X[base + s]!;
    }
    const mu = sum / M;
    let sq = 0;
    for (let n = 0; n < N; n++) {
      const base = input.offset + n * cs + c * S;
      for (let s = 0; s < S; s++) {
        const d = X[base + s]! - mu;
        sq += d * d;
      }
    }
    const is = 1 / Math.sqrt(sq / M + eps);
    Me[mean.offset + c] = mu;
    Is[invstd.offset + c] = is;
    // Fold weight and bias into one scale and shift per channel.
    const w = Wd ? Wd[weight!.offset + c]! : 1;
    const b = Bd ? Bd[bias!.offset + c]! : 0;
    const scale = is * w, shift = b - mu * scale;
    for (let n = 0; n < N; n++) {
      const xi = input.offset + n * cs + c * S, oi = out.offset + n * cs + c * S;
      for (let s = 0; s < S; s++) O[oi + s] = X[xi + s]! * scale + shift;
    }
  }
  roundView(out);
  roundView(mean);
  roundView(invstd);
}

/**
 * Batch norm backward (train=true): with `xhat = (x - mean) * invstd`, `gradBias = sum dy`,
 * `gradWeight = sum dy * xhat`, `gradInput = weight * invstd / M * (M * dy - sum dy - xhat * sum dy * xhat)`.
 * Null outputs are skipped.
 */
export function batchNormBackward(gradOut: View, input: View, weight: View | null, mean: View, invstd: View,
  gradInput: View | null, gradWeight: View | null, gradBias: View | null): void {
  const [N, C, S] = input.shape as [number, number, number];
  const G = dataOf(gradOut), X = dataOf(input), Me = dataOf(mean), Is = dataOf(invstd);
  const Wd = weight ? dataOf(weight) : null;
  const GI = gradInput ? dataOf(gradInput) : null;
  const GW = gradWeight ? dataOf(gradWeight) : null, GB = gradBias ? dataOf(gradBias) : null;
  const M = N * S, cs = C * S;
  for (let c = 0; c < C; c++) {
    const mu = Me[mean.offset + c]!, is = Is[invstd.offset + c]!;
    let sumDy = 0, sumDyXmu = 0;
    for (let n = 0; n < N; n++) {
      const gi = gradOut.offset + n * cs + c * S, xi = input.offset + n * cs + c * S;
      for (let s = 0; s < S; s++) {
        const dy = G[gi + s]!;
        sumDy += dy;
        sumDyXmu += dy * (X[xi + s]! - mu);
      }
    }
    const sumDyXhat = sumDyXmu * is;
    if (GB) GB[gradBias!.offset + c] = sumDy;
    if (GW) GW[gradWeight!.offset + c] = sumDyXhat;
    if (!GI) continue;
    const w = Wd ? Wd[weight!.offset + c]! : 1;
    // gradInput = k * (dy - meanDy - (x - mu) * invstd^2 * sumDyXmu / M), k = weight * invstd.
    const k = w * is, meanDy = sumDy / M, proj = (is * is * sumDyXmu) / M;
    for (let n = 0; n < N; n++) {
      const gi = gradOut.offset + n * cs + c * S, xi = input.offset + n * cs + c * S;
      const oi = gradInput!.offset + n * cs + c * S;
      for (let s = 0; s < S; s++) GI[oi + s] = k * (G[gi + s]! - meanDy - (X[xi + s]! - mu) * proj);
    }
  }
  if (gradInput) roundView(gradInput);
  if (gradWeight) roundView(gradWeight);
  if (gradBias) roundView(gradBias);
}
