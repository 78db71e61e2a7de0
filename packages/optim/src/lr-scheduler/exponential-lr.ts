/**
 * `ExponentialLR`: decays every group's learning rate by `gamma` every epoch.
 * @module
 */
import { type AnyOptimizer, LRScheduler, type LRSchedulerOptions, type StateKey } from './lr-scheduler.js';

/**
 * Multiplies each group's learning rate by `gamma` every epoch
 * (`torch.optim.lr_scheduler.ExponentialLR`).
 *
 * @example
 * ```ts
 * const scheduler = new lrScheduler.ExponentialLR(optimizer, 0.9);
 * ```
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor of the decay. */
  gamma: number;

  constructor(optimizer: AnyOptimizer, gamma: number, options: LRSchedulerOptions = {}) {
    super(optimizer, options.lastEpoch ?? -1, options.verbose ?? false);
    this.gamma = gamma;
    this._initialStep();
  }

  getLr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override _getClosedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** this.lastEpoch);
  }

  protected override _ownStateKeys(): StateKey[] {
    return [['gamma', 'gamma']];
  }
}
