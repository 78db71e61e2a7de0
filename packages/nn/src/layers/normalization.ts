/**
 * Normalisation layers: `nn.BatchNorm1d`, `nn.BatchNorm2d` (running statistics, momentum,
 * eval mode), `nn.LayerNorm`, `nn.GroupNorm`.
 *
 * Buffers keep PyTorch's names (`running_mean`, `running_var`, `num_batches_tracked`) so that
 * state dicts load both ways; camelCase getters alias them.
 * @module
 */
import { empty, int64, noGrad, ones, tensor, ValueError, zeros, type Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import { ones_, zeros_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { FactoryKwargs } from './linear.js';
import { pyBool, pyFloat, pyOptFloat, pyTuple } from './repr.js';

/** Options of the batch-norm layers. */
export interface BatchNormOptions extends FactoryKwargs {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the batch statistics in the running ones (default 0.1; null: cumulative average). */
  momentum?: number | null;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
  /** Keep running statistics (default true). */
  trackRunningStats?: boolean;
}

/** The common part of the batch-norm layers (PyTorch's `_BatchNorm`). */
export abstract class BatchNormNd extends Module<[Tensor], Tensor> {
  /** Number of channels C. */
  numFeatures: number;
  /** Added to the variance for numerical stability (default 1e-5). */
  eps: number;
  /** Weight of the new batch in the running statistics (default 0.1); null for a cumulative average. */
  momentum: number | null;
  /** Whether there are a learned `weight` and `bias`. */
  affine: boolean;
  /** Whether running statistics are kept and used in eval mode. */
  trackRunningStats: boolean;
  /** Per-channel scale (gamma), or null when not affine. */
  weight: Parameter | null;
  /** Per-channel shift (beta), or null when not affine. */
  bias: Parameter | null;
  /** Running mean per channel (a buffer; PyTorch's name, alias `runningMean`). */
  declare running_mean: Tensor | null;
  /** Running variance per channel (a buffer; PyTorch's name, alias `runningVar`). */
  declare running_var: Tensor | null;
  /** Number of training batches seen (an int64 buffer). */
  declare num_batches_tracked: Tensor | null;

  constructor(numFeatures: number, eps: number | BatchNormOptions = 1e-5, momentum: number | null = 0.1, affine = true, trackRunningStats = true) {
    super();
    const o: BatchNormOptions = typeof eps === 'object' ? eps : { eps, momentum, affine, trackRunningStats };
    this.numFeatures = numFeatures;
    this.eps = o.eps ?? 1e-5;
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum;
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    const fk = { device: o.device, dtype: o.dtype };
    this.weight = this.affine ? new Parameter(empty([numFeatures], fk)) : null;
    this.bias = this.affine ? new Parameter(empty([numFeatures], fk)) : null;
    if (this.trackRunningStats) {
      this.registerBuffer('running_mean', zeros([numFeatures], fk));
      this.registerBuffer('running_var', ones([numFeatures], fk));
      this.registerBuffer('num_batches_tracked', tensor(0, { dtype: int64, device: o.device }));
    } else {
      this.registerBuffer('running_mean', null);
      this.registerBuffer('running_var', null);
      this.registerBuffer('num_batches_tracked', null);
    }
    this.resetParameters();
  }

  /** `running_mean` (PyTorch's name is the field; this is its camelCase alias). */
  get runningMean(): Tensor | null {
    return this.running_mean;
  }
  /** `running_var`. */
  get runningVar(): Tensor | null {
    return this.running_var;
  }
  /** `num_batches_tracked`. */
  get numBatchesTracked(): Tensor | null {
    return this.num_batches_tracked;
  }

  /** Zeroes the running mean, sets the running variance to ones and the batch count to 0. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    noGrad(() => {
      this.running_mean!.zero_();
      this.running_var!.fill_(1);
      this.num_batches_tracked!.zero_();
    });
  }

  /** Resets the running statistics, the weight to ones and the bias to zeros. */
  resetParameters(): void {
    this.resetRunningStats();
    if (this.affine) {
      ones_(this.weight!);
      zeros_(this.bias!);
    }
  }

  /** @internal Checks the input's number of dims. */
  abstract _checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this._checkInputDim(input);
    let factor = this.momentum ?? 0.0;
    if (this.training && this.trackRunningStats && this.num_batches_tracked) {
      noGrad(() => this.num_batches_tracked!.add_(1));
      if (this.momentum === null) factor = 1.0 / Number(this.num_batches_tracked.item());
    }
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    const track = !this.training || this.trackRunningStats;
    return F.batchNorm(input, track ? this.running_mean : null, track ? this.running_var : null, {
      weight: this.weight, bias: this.bias, training: bnTraining, momentum: factor, eps: this.eps,
    });
  }

  /** @internal State dicts without `num_batches_tracked` (PyTorch < 0.4.1) still load. */
  override _loadFromStateDict(
    stateDict: Map<string, unknown>, prefix: string, strict: boolean,
    missingKeys: string[], unexpectedKeys: string[], errorMsgs: string[],
  ): void {
    const key = `${prefix}num_batches_tracked`;
    if (this.trackRunningStats && !stateDict.has(key)) {
      stateDict.set(key, tensor(0, { dtype: int64 }));
    }
    super._loadFromStateDict(stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${pyOptFloat(this.momentum)}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`;
  }
}

/**
 * Batch normalisation over `[N, C, H, W]`: per channel, `(x - mean) / sqrt(var + eps) * gamma
 * + beta`, with batch statistics in training (updating the running ones) and the running ones
 * in eval mode. Arguments after `numFeatures`: PyTorch's (`eps, momentum, affine,
 * trackRunningStats`) or one options object.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm2d(6);
 * String(bn); // 'BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)'
 * ```
 */
export class BatchNorm2d extends BatchNormNd {
  /** @internal */
  override _checkInputDim(input: Tensor): void {
    if (input.dim() !== 4) throw new ValueError(`expected 4D input (got ${input.dim()}D input)`);
  }
}

/** Batch normalisation over `[N, C]` or `[N, C, L]`; arguments as {@link BatchNorm2d}'s. */
export class BatchNorm1d extends BatchNormNd {
  /** @internal */
  override _checkInputDim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new ValueError(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

/** Options of {@link LayerNorm}. */
export interface LayerNormOptions extends FactoryKwargs {
  /** Default 1e-5. */
  eps?: number;
  /** Learn an elementwise scale and shift (default true). */
  elementwiseAffine?: boolean;
}

/** Layer normalisation over the last dims (`normalizedShape`). */
export class LayerNorm extends Module<[Tensor], Tensor> {
  /** The trailing dims normalized over. */
  normalizedShape: number[];
  /** Added to the variance for numerical stability (default 1e-5). */
  eps: number;
  /** Whether there are a learned `weight` and `bias`. */
  elementwiseAffine: boolean;
  /** Learned scale of shape `normalizedShape`, or null. */
  weight: Parameter | null;
  /** Learned shift of shape `normalizedShape`, or null. */
  bias: Parameter | null;
  constructor(normalizedShape: number | number[], eps: number | LayerNormOptions = 1e-5, elementwiseAffine = true) {
    super();
    const o: LayerNormOptions = typeof eps === 'object' ? eps : { eps, elementwiseAffine };
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = o.eps ?? 1e-5;
    this.elementwiseAffine = o.elementwiseAffine ?? true;
    const fk = { device: o.device, dtype: o.dtype };
    this.weight = this.elementwiseAffine ? new Parameter(empty(this.normalizedShape, fk)) : null;
    this.bias = this.elementwiseAffine ? new Parameter(empty(this.normalizedShape, fk)) : null;
    this.resetParameters();
  }
  /** Weight to ones, bias to zeros. */
  resetParameters(): void {
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }
  override forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
  override extraRepr(): string {
    return `${pyTuple(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}

/** Options of {@link GroupNorm}. */
export interface GroupNormOptions extends FactoryKwargs {
  /** Default 1e-5. */
  eps?: number;
  /** Learn a per-channel scale and shift (default true). */
  affine?: boolean;
}

/** Group normalisation: `numChannels` split into `numGroups` groups. */
export class GroupNorm extends Module<[Tensor], Tensor> {
  /** Number of groups the channels are split into. */
  numGroups: number;
  /** Number of channels C. */
  numChannels: number;
  /** Added to the variance for numerical stability (default 1e-5). */
  eps: number;
  /** Whether there are a learned per-channel `weight` and `bias`. */
  affine: boolean;
  /** Learned scale per channel, or null. */
  weight: Parameter | null;
  /** Learned shift per channel, or null. */
  bias: Parameter | null;
  constructor(numGroups: number, numChannels: number, eps: number | GroupNormOptions = 1e-5, affine = true) {
    super();
    const o: GroupNormOptions = typeof eps === 'object' ? eps : { eps, affine };
    if (numChannels % numGroups !== 0) throw new ValueError('num_channels must be divisible by num_groups');
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = o.eps ?? 1e-5;
    this.affine = o.affine ?? true;
    const fk = { device: o.device, dtype: o.dtype };
    this.weight = this.affine ? new Parameter(empty([numChannels], fk)) : null;
    this.bias = this.affine ? new Parameter(empty([numChannels], fk)) : null;
    this.resetParameters();
  }
  /** Weight to ones, bias to zeros. */
  resetParameters(): void {
    if (this.weight) ones_(this.weight);
    if (this.bias) zeros_(this.bias);
  }
  override forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}
