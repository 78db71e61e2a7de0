/**
 * `CosineAnnealingLR`: cosine annealing from each group's initial learning rate down to
 * `etaMin` over `TMax` epochs, in PyTorch's recursive (chainable) form.
 * @module
 */
import { type AnyOptimizer, LRScheduler, type LRSchedulerOptions, type StateKey } from './lr-scheduler.js';

/** Options of {@link CosineAnnealingLR}. */
export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** Half-period, in epochs (PyTorch's `T_max`; also accepted positionally). */
  TMax?: number;
  /** Minimum learning rate (PyTorch's `eta_min`, default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing (`torch.optim.lr_scheduler.CosineAnnealingLR`), computed recursively
 * from the current learning rate as PyTorch does, so it composes with other changes to `lr`;
 * `step(epoch)` uses the closed form `etaMin + (base - etaMin) * (1 + cos(pi * epoch / TMax)) / 2`.
 *
 * @example
 * ```ts
 * const scheduler = new lrScheduler.CosineAnnealingLR(optimizer, 100, { etaMin: 1e-5 });
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Half-period, in epochs (`T_max`). */
  TMax: number;
  /** Minimum learning rate (`eta_min`). */
  etaMin: number;

  constructor(optimizer: AnyOptimizer, TMaxOrOptions: number | CosineAnnealingLROptions, options: CosineAnnealingLROptions = {}) {
    const all: CosineAnnealingLROptions = typeof TMaxOrOptions === 'number' ? { ...options, TMax: TMaxOrOptions } : TMaxOrOptions;
    if (all.TMax === undefined) throw new TypeError("CosineAnnealingLR() missing 1 required positional argument: 'T_max'");
    super(optimizer, all.lastEpoch ?? -1, all.verbose ?? false);
    this.TMax = all.TMax;
    this.etaMin = all.etaMin ?? 0;
    this._initialStep();
  }

  getLr(): number[] {
    this._warnGetLr();
    const groups = this.optimizer.paramGroups;
    const { TMax, etaMin, lastEpoch } = this;
    if (lastEpoch === 0) return groups.map((g) => g.lr);
    if (this._stepCount === 1 && lastEpoch > 0) {
      return this.baseLrs.map((base) => etaMin + ((base - etaMin) * (1 + Math.cos((lastEpoch * Math.PI) / TMax))) / 2);
    }
    if ((lastEpoch - 1 - TMax) % (2 * TMax) === 0) {
      return groups.map((g, i) => g.lr + ((this.baseLrs[i]! - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2);
    }
    return groups.map(
      (g) =>
        ((1 + Math.cos((Math.PI * lastEpoch) / TMax)) / (1 + Math.cos((Math.PI * (lastEpoch - 1)) / TMax))) *
          (g.lr - etaMin) +
        etaMin,
    );
  }

  protected override _getClosedFormLr(): number[] {
    return this.baseLrs.map(
      (base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.TMax))) / 2,
    );
  }

  protected override _ownStateKeys(): StateKey[] {
    return [['T_max', 'TMax'], ['eta_min', 'etaMin']];
  }
}
