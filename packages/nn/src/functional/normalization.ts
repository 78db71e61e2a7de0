/**
 * Normalisation: `F.batchNorm` (with running statistics), `F.layerNorm`, `F.groupNorm`,
 * `F.instanceNorm`, `F.normalize` (unit p-norm), composed from differentiable core ops with
 * PyTorch's formulas (biased variance to normalise, unbiased for the running variance). Batch
 * norm with batch statistics is one fused op where the backend has the kernels
 * (see native-batch-norm.ts).
 * @module
 */
import { noGrad, RuntimeError, ValueError, type Tensor } from '@torchts/core';
import { canFuseBatchNorm, nativeBatchNorm } from './native-batch-norm.js';

/** Options of {@link batchNorm}. */
export interface BatchNormOptions {
  /** Per-channel scale (gamma). */
  weight?: Tensor | null;
  /** Per-channel shift (beta). */
  bias?: Tensor | null;
  /** Use the batch statistics (and update the running ones) instead of the running ones. */
  training?: boolean;
  /** Weight of the new batch statistic in the running average (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

function channelShape(input: Tensor): number[] {
  const s = Array<number>(input.dim()).fill(1);
  s[1] = input.size(1);
  return s;
}

/**
 * Batch normalisation over dim 1 of `[N, C, ...]`: in training, normalises with the batch
 * mean and biased variance and updates `runningMean`/`runningVar` in place
 * (`running = (1 - momentum) * running + momentum * batch`, the variance unbiased); otherwise
 * uses the running statistics. With batch statistics on a backend with the fused batch-norm
 * kernels it is one op (`NativeBatchNormBackward0`); otherwise composed of core ops.
 *
 * @example
 * ```ts
 * F.batchNorm(x, runningMean, runningVar, { weight, bias, training: true });
 * ```
 */
export function batchNorm(
  input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {},
): Tensor {
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  const { weight, bias } = options;
  if (input.dim() < 2) {
    throw new ValueError(`Expected 2D or 3D input (got ${input.dim()}D input)`);
  }
  const C = input.size(1);
  const dims = [0, ...Array.from({ length: input.dim() - 2 }, (_, i) => i + 2)];
  const count = input.numel() / C;
  if (training && count === 1) {
    throw new ValueError(`Expected more than 1 value per channel when training, got input size ${input.shape}`);
  }
  for (const [name, t] of [['running_mean', runningMean], ['running_var', runningVar], ['weight', weight], ['bias', bias]] as const) {
    if (t && t.numel() !== C) {
      throw new RuntimeError(`${name} should contain ${C} elements not ${t.numel()}`);
    }
  }
  const useBatchStats = training || !runningMean || !runningVar;
  if (useBatchStats && canFuseBatchNorm(input, weight ?? null, bias ?? null)) {
    // One op through the backend's fused kernels (PyTorch's native_batch_norm).
    const { out, mean, invstd } = nativeBatchNorm(input, weight ?? null, bias ?? null, eps);
    if (training && runningMean && runningVar) {
      noGrad(() => {
        // The unbiased batch variance, recovered from invstd = 1 / sqrt(var + eps).
        const v = invstd.square().reciprocal().sub(eps).mul(count / Math.max(count - 1, 1));
        runningMean.copy_(mean.mul(momentum).add(runningMean.mul(1 - momentum)));
        runningVar.copy_(v.mul(momentum).add(runningVar.mul(1 - momentum)));
      });
    }
    return out;
  }
  const cs = channelShape(input);
  let mean: Tensor, variance: Tensor;
  if (useBatchStats) {
    mean = input.mean(dims);
    variance = input.var(dims, { correction: 0 });
    if (training && runningMean && runningVar) {
      noGrad(() => {
        const m = mean.detach(), v = variance.detach().mul(count / Math.max(count - 1, 1));
        runningMean.copy_(m.mul(momentum).add(runningMean.mul(1 - momentum)));
        runningVar.copy_(v.mul(momentum).add(runningVar.mul(1 - momentum)));
      });
    }
  } else {
    mean = runningMean;
    variance = runningVar;
  }
  const invstd = variance.add(eps).rsqrt();
  let out = input.sub(mean.view(...cs)).mul(invstd.view(...cs));
  if (weight) out = out.mul(weight.view(...cs));
  if (bias) out = out.add(bias.view(...cs));
  return out;
}

/** Options of {@link layerNorm} and {@link groupNorm}. */
export interface NormOptions {
  /** Elementwise (layerNorm) or per-channel (groupNorm) scale. */
  weight?: Tensor | null;
  /** Elementwise or per-channel shift. */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Layer normalisation over the last dims (`normalizedShape`): `(x - mean) / sqrt(var + eps)`
 * times `weight` plus `bias` (both of `normalizedShape`).
 */
export function layerNorm(input: Tensor, normalizedShape: number | number[], options: NormOptions = {}): Tensor {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  const nd = input.dim(), k = shape.length;
  const tail = input.shape.slice(nd - k);
  if (k === 0 || nd < k || tail.some((v, i) => v !== shape[i])) {
    throw new RuntimeError(
      `Given normalized_shape=[${shape.join(', ')}], expected input with shape [*, ${shape.join(', ')}], but got input of size[${input.shape.join(', ')}]`,
    );
  }
  const dims = Array.from({ length: k }, (_, i) => nd - k + i);
  const mean = input.mean(dims, true);
  const variance = input.var(dims, { correction: 0, keepdim: true });
  let out = input.sub(mean).mul(variance.add(options.eps ?? 1e-5).rsqrt());
  if (options.weight) out = out.mul(options.weight);
  if (options.bias) out = out.add(options.bias);
  return out;
}

/**
 * Group normalisation: the channels of `[N, C, ...]` split into `numGroups` groups, each
 * normalised over its channels and spatial positions; then per-channel `weight` and `bias`.
 */
export function groupNorm(input: Tensor, numGroups: number, options: NormOptions = {}): Tensor {
  const N = input.size(0), C = input.dim() > 1 ? input.size(1) : 1;
  if (C % numGroups !== 0) {
    throw new RuntimeError(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape [${input.shape.join(', ')}] and num_groups=${numGroups}`,
    );
  }
  const g = input.reshape(N, numGroups, -1);
  const mean = g.mean(-1, true);
  const variance = g.var(-1, { correction: 0, keepdim: true });
  let out = g.sub(mean).mul(variance.add(options.eps ?? 1e-5).rsqrt()).view(...input.shape);
  const cs = channelShape(input);
  if (options.weight) out = out.mul(options.weight.view(...cs));
  if (options.bias) out = out.add(options.bias.view(...cs));
  return out;
}

/** Options of {@link instanceNorm}. */
export interface InstanceNormOptions extends NormOptions {
  /** Running statistics (updated in training, used otherwise when `useInputStats` is false). */
  runningMean?: Tensor | null;
  /** Running variance, the companion of `runningMean`. */
  runningVar?: Tensor | null;
  /** Normalise with the statistics of the input (default true). */
  useInputStats?: boolean;
  /** Default 0.1. */
  momentum?: number;
}

/** Instance normalisation: each channel of each sample normalised over its spatial positions. */
export function instanceNorm(input: Tensor, options: InstanceNormOptions = {}): Tensor {
  const N = input.size(0), C = input.size(1);
  const useInput = options.useInputStats ?? true;
  const rm = options.runningMean ?? null, rv = options.runningVar ?? null;
  // As PyTorch: batch norm of the input seen as [1, N * C, ...].
  const x = input.reshape(1, N * C, ...input.shape.slice(2));
  const rep = (t: Tensor | null): Tensor | null => (t ? t.unsqueeze(0).expand(N, t.size(0)).reshape(-1) : null);
  const rmr = rep(rm), rvr = rep(rv);
  const out = batchNorm(x, rmr, rvr, {
    weight: rep(options.weight ?? null), bias: rep(options.bias ?? null), training: useInput,
    momentum: options.momentum ?? 0.1, eps: options.eps ?? 1e-5,
  });
  if (useInput && rm && rv && rmr && rvr) {
    noGrad(() => {
      rm.copy_(rmr.view(N, C).mean(0));
      rv.copy_(rvr.view(N, C).mean(0));
    });
  }
  return out.view(...input.shape);
}

/** Options of {@link normalize}. */
export interface NormalizeOptions {
  /** The p of the norm (default 2). */
  p?: number;
  /** The dim to normalise (default 1). */
  dim?: number;
  /** Lower bound of the norm, to avoid division by zero (default 1e-12). */
  eps?: number;
}

/**
 * `x / max(||x||_p, eps)` along `dim`.
 *
 * @example
 * ```ts
 * F.normalize(x, { dim: -1 }); // unit rows
 * ```
 */
export function normalize(input: Tensor, p: number | NormalizeOptions = 2, dim = 1, eps = 1e-12): Tensor {
  const o = typeof p === 'object' ? p : { p, dim, eps };
  const denom = input.norm(o.p ?? 2, o.dim ?? 1, true).clamp({ min: o.eps ?? 1e-12 }).expandAs(input);
  return input.div(denom);
}
