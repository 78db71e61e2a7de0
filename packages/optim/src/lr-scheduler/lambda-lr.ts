/**
 * `LambdaLR`: each group's learning rate is its initial one times a function of the epoch.
 * @module
 */
import { ValueError } from '@torchts/core';
import { type AnyOptimizer, LRScheduler, type LRSchedulerOptions, type SchedulerStateDict } from './lr-scheduler.js';

/** A learning-rate multiplier as a function of the epoch. */
export type LrLambda = (epoch: number) => number;

/**
 * Sets each group's learning rate to `initial_lr * lrLambda(epoch)`
 * (`torch.optim.lr_scheduler.LambdaLR`); one function for all groups, or one per group.
 *
 * @example
 * ```ts
 * const scheduler = new lrScheduler.LambdaLR(optimizer, (epoch) => 0.95 ** epoch);
 * ```
 */
export class LambdaLR extends LRScheduler {
  /** One multiplier function per group. */
  lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, lrLambda: LrLambda | LrLambda[], options: LRSchedulerOptions = {}) {
    const n = optimizer.paramGroups.length;
    if (Array.isArray(lrLambda) && lrLambda.length !== n) {
      throw new ValueError(`Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
    }
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.lrLambdas = Array.isArray(lrLambda) ? [...lrLambda] : new Array<LrLambda>(n).fill(lrLambda);
    this._initialStep();
  }

  getLr(): number[] {
    this._warnGetLr();
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i]!(this.lastEpoch));
  }

  /** The state; `lr_lambdas` holds null for each function (functions are not saved, as in PyTorch). */
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd.lr_lambdas = this.lrLambdas.map(() => null);
    return sd;
  }
}
