/**
 * Loss modules: `nn.MSELoss`, `nn.L1Loss`, `nn.SmoothL1Loss`, `nn.HuberLoss`,
 * `nn.CrossEntropyLoss`, `nn.NLLLoss`, `nn.BCELoss`, `nn.BCEWithLogitsLoss`, `nn.KLDivLoss`:
 * `loss(input, target)`. Class weights are buffers named as PyTorch's (`weight`,
 * `pos_weight`), so they are in the state dict when given.
 * @module
 */
import type { Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import type { Reduction } from '../functional/utils.js';
import { Module } from '../module.js';

/** Options every loss takes. */
export interface LossOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

/** The common part of the losses (PyTorch's `_Loss`). */
export abstract class Loss extends Module<[Tensor, Tensor], Tensor> {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction: Reduction;
  constructor(options: LossOptions | Reduction = {}) {
    super();
    this.reduction = typeof options === 'string' ? options : (options.reduction ?? 'mean');
  }
}

/**
 * Mean squared error.
 *
 * @example
 * ```ts
 * const criterion = new nn.MSELoss();
 * const loss = criterion(output, target);
 * ```
 */
export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, this.reduction);
  }
}

/** Mean absolute error. */
export class L1Loss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, this.reduction);
  }
}

/** Smooth L1 loss (quadratic below `beta`, default 1). */
export class SmoothL1Loss extends Loss {
  /** Where the loss changes from quadratic to linear (default 1). */
  beta: number;
  constructor(options: LossOptions & { beta?: number } = {}) {
    super(options);
    this.beta = options.beta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/** Huber loss (quadratic below `delta`, default 1). */
export class HuberLoss extends Loss {
  /** Where the loss changes from quadratic to linear (default 1). */
  delta: number;
  constructor(options: LossOptions & { delta?: number } = {}) {
    super(options);
    this.delta = options.delta ?? 1.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/** Options of the losses with class weights. */
export interface WeightedLossOptions extends LossOptions {
  /** A rescaling weight per class (a buffer named `weight`). */
  weight?: Tensor | null;
}

/** Losses with a `weight` buffer (PyTorch's `_WeightedLoss`). */
export abstract class WeightedLoss extends Loss {
  /** Manual rescaling weight of each class, or null (a buffer). */
  declare weight: Tensor | null;
  constructor(options: WeightedLossOptions = {}) {
    super(options);
    this.registerBuffer('weight', options.weight ?? null);
  }
}

/** Options of {@link NLLLoss}. */
export interface NLLLossOptions extends WeightedLossOptions {
  /** A target value ignored by the loss (default -100). */
  ignoreIndex?: number;
}

/** Negative log likelihood of log-probabilities. */
export class NLLLoss extends WeightedLoss {
  /** Target value that contributes nothing to the loss or the gradient (default -100). */
  ignoreIndex: number;
  constructor(options: NLLLossOptions = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Options of {@link CrossEntropyLoss}. */
export interface CrossEntropyLossOptions extends NLLLossOptions {
  /** Label smoothing in [0, 1] (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross entropy of logits against class indices or class probabilities.
 *
 * @example
 * ```ts
 * const criterion = new nn.CrossEntropyLoss({ labelSmoothing: 0.1 });
 * criterion(logits, labels).backward();
 * ```
 */
export class CrossEntropyLoss extends WeightedLoss {
  /** Target value that contributes nothing to the loss or the gradient (default -100). */
  ignoreIndex: number;
  /** Amount of smoothing in [0, 1] (default 0). */
  labelSmoothing: number;
  constructor(options: CrossEntropyLossOptions = {}) {
    super(options);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0.0;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, {
      weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing,
    });
  }
}

/** Binary cross entropy of probabilities. */
export class BCELoss extends WeightedLoss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Options of {@link BCEWithLogitsLoss}. */
export interface BCEWithLogitsLossOptions extends WeightedLossOptions {
  /** Weight of positive examples (a buffer named `pos_weight`). */
  posWeight?: Tensor | null;
}

/** Binary cross entropy of logits (sigmoid included, numerically stable). */
export class BCEWithLogitsLoss extends Loss {
  /** Manual rescaling weight of each element, or null (a buffer). */
  declare weight: Tensor | null;
  /** Weight of positive examples per class, or null (a buffer; PyTorch's name). */
  declare pos_weight: Tensor | null;
  constructor(options: BCEWithLogitsLossOptions = {}) {
    super(options);
    this.registerBuffer('weight', options.weight ?? null);
    this.registerBuffer('pos_weight', options.posWeight ?? null);
  }
  /** `pos_weight` (PyTorch's name is the field; this is its camelCase alias). */
  get posWeight(): Tensor | null {
    return this.pos_weight;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight, posWeight: this.pos_weight, reduction: this.reduction,
    });
  }
}

/** Options of {@link KLDivLoss}. */
export interface KLDivLossOptions {
  /** `'mean'` (default), `'batchmean'`, `'sum'` or `'none'`. */
  reduction?: Reduction | 'batchmean';
  /** Whether the target holds log-probabilities (default false). */
  logTarget?: boolean;
}

/** Kullback-Leibler divergence of log-probabilities `input` from `target`. */
export class KLDivLoss extends Module<[Tensor, Tensor], Tensor> {
  /** `'mean'` (default), `'batchmean'` (the mathematical KL divergence), `'sum'` or `'none'`. */
  reduction: Reduction | 'batchmean';
  /** Whether the target is given as log-probabilities. */
  logTarget: boolean;
  constructor(options: KLDivLossOptions = {}) {
    super();
    this.reduction = options.reduction ?? 'mean';
    this.logTarget = options.logTarget ?? false;
  }
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
