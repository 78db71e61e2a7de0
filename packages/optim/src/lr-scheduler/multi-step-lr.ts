/**
 * `MultiStepLR`: decays every group's learning rate by `gamma` at each milestone epoch.
 * @module
 */
import { type AnyOptimizer, LRScheduler, type LRSchedulerOptions, type SchedulerStateDict, type StateKey } from './lr-scheduler.js';

/** Options of {@link MultiStepLR}. */
export interface MultiStepLROptions extends LRSchedulerOptions {
  /** Epochs at which to decay (also accepted positionally); a repeated epoch decays repeatedly. */
  milestones?: number[];
  /** Multiplicative factor of the decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies each group's learning rate by `gamma` once the epoch reaches each milestone
 * (`torch.optim.lr_scheduler.MultiStepLR`).
 *
 * @example
 * ```ts
 * const scheduler = new lrScheduler.MultiStepLR(optimizer, [30, 80], { gamma: 0.1 });
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** How many times each milestone epoch was given (PyTorch's `Counter(milestones)`). */
  milestones: Map<number, number>;
  /** Multiplicative factor of the decay. */
  gamma: number;

  constructor(optimizer: AnyOptimizer, milestonesOrOptions: number[] | MultiStepLROptions, options: MultiStepLROptions | number = {}) {
    const opts: MultiStepLROptions = typeof options === 'number' ? { gamma: options } : options;
    const all: MultiStepLROptions = Array.isArray(milestonesOrOptions) ? { ...opts, milestones: milestonesOrOptions } : milestonesOrOptions;
    if (all.milestones === undefined) throw new TypeError("MultiStepLR() missing 1 required positional argument: 'milestones'");
    super(optimizer, all.lastEpoch ?? -1, all.verbose ?? false);
    this.milestones = new Map();
    for (const m of all.milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = all.gamma ?? 0.1;
    this._initialStep();
  }

  getLr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.paramGroups;
    const count = this.milestones.get(this.lastEpoch);
    if (count === undefined) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** count);
  }

  protected override _getClosedFormLr(): number[] {
    let passed = 0; // bisect_right over the sorted milestones
    for (const [m, c] of this.milestones) if (m <= this.lastEpoch) passed += c;
    return this.baseLrs.map((b) => b * this.gamma ** passed);
  }

  protected override _ownStateKeys(): StateKey[] {
    return [['milestones', 'milestones'], ['gamma', 'gamma']];
  }

  /** The state, with `milestones` as PyTorch's Counter: `{ 30: 1, 80: 1 }`. */
  override stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd.milestones = Object.fromEntries(this.milestones);
    return sd;
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    const m = stateDict.milestones;
    if (m !== undefined) {
      this.milestones = m instanceof Map
        ? new Map(m as Map<number, number>)
        : new Map(Object.entries(m as Record<string, number>).map(([k, v]) => [Number(k), v]));
    }
  }
}
