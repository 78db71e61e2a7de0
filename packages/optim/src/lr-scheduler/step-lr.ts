/**
 * `StepLR`: decays every group's learning rate by `gamma` every `stepSize` epochs.
 * @module
 */
import { type AnyOptimizer, LRScheduler, type LRSchedulerOptions, type StateKey } from './lr-scheduler.js';

/** Options of {@link StepLR}. */
export interface StepLROptions extends LRSchedulerOptions {
  /** Period of the decay, in epochs (also accepted positionally). */
  stepSize?: number;
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` every `stepSize` epochs
 * (`torch.optim.lr_scheduler.StepLR`).
 *
 * @example
 * ```ts
 * const scheduler = new lrScheduler.StepLR(optimizer, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step(); }
 * ```
 */
export class StepLR extends LRScheduler {
  /** Period of the decay, in epochs. */
  stepSize: number;
  /** Multiplicative factor of the decay. */
  gamma: number;

  constructor(optimizer: AnyOptimizer, stepSizeOrOptions: number | StepLROptions, options: StepLROptions | number = {}) {
    const opts: StepLROptions = typeof options === 'number' ? { gamma: options } : options;
    const all: StepLROptions = typeof stepSizeOrOptions === 'number' ? { ...opts, stepSize: stepSizeOrOptions } : stepSizeOrOptions;
    if (all.stepSize === undefined) throw new TypeError("StepLR() missing 1 required positional argument: 'step_size'");
    super(optimizer, all.lastEpoch ?? -1, all.verbose ?? false);
    this.stepSize = all.stepSize;
    this.gamma = all.gamma ?? 0.1;
    this._initialStep();
  }

  getLr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override _getClosedFormLr(): number[] {
    return this.baseLrs.map((b) => b * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }

  protected override _ownStateKeys(): StateKey[] {
    return [['step_size', 'stepSize'], ['gamma', 'gamma']];
  }
}
