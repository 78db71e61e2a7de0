/**
 * `ReduceLROnPlateau`: lowers the learning rate when a metric stops improving.
 * @module
 */
import { isTensor, ValueError, type Tensor } from '@torchts/core';
import { Optimizer } from '../optimizer.js';
import { pyExp4, typeName } from '../python-format.js';
import { warn } from '../warn.js';
import { type AnyOptimizer, copyValue, type SchedulerStateDict } from './lr-scheduler.js';

/** Options of {@link ReduceLROnPlateau}. */
export interface ReduceLROnPlateauOptions {
  /** `'min'` (default): the metric should decrease; `'max'`: increase. Also accepted positionally. */
  mode?: 'min' | 'max';
  /** Factor the learning rate is multiplied by (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** Smallest change that counts as an improvement (default 1e-4). */
  threshold?: number;
  /** `'rel'` (default): relative to the best value; `'abs'`: absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the learning rate, one for all groups or one per group (default 0). */
  minLr?: number | number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
  /** Print a message at every reduction (default false). */
  verbose?: boolean;
}

const EPOCH_DEPRECATION_WARNING =
  'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. ' +
  'Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from ' +
  'None, the closed form is used instead of the new chainable form, where available. Please open an issue if ' +
  'you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.';

const STATE_KEYS: readonly (readonly [string, string])[] = [
  ['factor', 'factor'],
  ['min_lrs', 'minLrs'],
  ['patience', 'patience'],
  ['verbose', 'verbose'],
  ['cooldown', 'cooldown'],
  ['cooldown_counter', 'cooldownCounter'],
  ['mode', 'mode'],
  ['threshold', 'threshold'],
  ['threshold_mode', 'thresholdMode'],
  ['best', 'best'],
  ['num_bad_epochs', 'numBadEpochs'],
  ['mode_worse', 'modeWorse'],
  ['eps', 'eps'],
  ['last_epoch', 'lastEpoch'],
  ['_last_lr', '_lastLr'],
];

/**
 * Reduces each group's learning rate by `factor` once a metric has not improved for
 * `patience` epochs (`torch.optim.lr_scheduler.ReduceLROnPlateau`). Step it with the metric.
 *
 * @example
 * ```ts
 * const scheduler = new lrScheduler.ReduceLROnPlateau(optimizer, 'min', { patience: 5 });
 * for (let epoch = 0; epoch < 50; epoch++) { train(); scheduler.step(validationLoss()); }
 * ```
 */
export class ReduceLROnPlateau {
  /** Factor the learning rate is multiplied by. */
  factor: number;
  /** The optimizer whose learning rates this schedules. */
  optimizer: AnyOptimizer;
  /** Lower bound of each group's learning rate. */
  minLrs: number[];
  /** Epochs without improvement tolerated. */
  patience: number;
  /** Whether reductions are printed. */
  verbose: boolean;
  /** Epochs to wait after a reduction. */
  cooldown: number;
  /** Cooldown epochs left. */
  cooldownCounter = 0;
  /** `'min'` or `'max'`. */
  mode: 'min' | 'max';
  /** Smallest change that counts as an improvement. */
  threshold: number;
  /** `'rel'` or `'abs'`. */
  thresholdMode: 'rel' | 'abs';
  /** The best metric seen. */
  best = 0;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** The worst value for the mode (Infinity for min). */
  modeWorse = Infinity;
  /** Reductions smaller than this are skipped. */
  eps: number;
  /** Epochs stepped. */
  lastEpoch = 0;
  /** @internal The learning rates after the last step. */
  _lastLr?: number[];

  constructor(optimizer: AnyOptimizer, modeOrOptions?: 'min' | 'max' | ReduceLROnPlateauOptions, options: ReduceLROnPlateauOptions = {}) {
    const o: ReduceLROnPlateauOptions = typeof modeOrOptions === 'string' ? { ...options, mode: modeOrOptions } : (modeOrOptions ?? options);
    const factor = o.factor ?? 0.1;
    if (factor >= 1.0) throw new ValueError('Factor should be < 1.0.');
    this.factor = factor;
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    const n = optimizer.paramGroups.length;
    const minLr = o.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new ValueError(`expected ${n} min_lrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
    } else {
      this.minLrs = new Array<number>(n).fill(minLr);
    }
    this.patience = o.patience ?? 10;
    this.verbose = o.verbose ?? false;
    this.cooldown = o.cooldown ?? 0;
    this.mode = o.mode ?? 'min';
    this.threshold = o.threshold ?? 1e-4;
    this.thresholdMode = o.thresholdMode ?? 'rel';
    this.eps = o.eps ?? 1e-8;
    this._initIsBetter(this.mode, this.threshold, this.thresholdMode);
    this._reset();
  }

  private _reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  /** Records the epoch's metric (a number or a one-element tensor) and reduces the learning rate on a plateau. */
  step(metrics: number | Tensor, epoch?: number): void {
    const current = isTensor(metrics) ? Number(metrics.item()) : Number(metrics);
    if (epoch === undefined) epoch = this.lastEpoch + 1;
    else warn(EPOCH_DEPRECATION_WARNING);
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this._reduceLr(epoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private _reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) {
        group.lr = newLr;
        if (this.verbose) {
          const epochStr = Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2);
          console.log(`Epoch ${epochStr}: reducing learning rate of group ${i} to ${pyExp4(newLr)}.`);
        }
      }
    });
  }

  /** The learning rates after the last step (the current ones before any step). */
  getLastLr(): number[] {
    return this._lastLr ?? this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Whether a reduction's cooldown is running. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether metric `a` improves on `best` under the mode and threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min' && this.thresholdMode === 'rel') return a < best * (1 - this.threshold);
    if (this.mode === 'min' && this.thresholdMode === 'abs') return a < best - this.threshold;
    if (this.mode === 'max' && this.thresholdMode === 'rel') return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  private _initIsBetter(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`mode ${mode} is unknown!`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new ValueError(`threshold mode ${thresholdMode} is unknown!`);
    this.modeWorse = mode === 'min' ? Infinity : -Infinity;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  /** The state with PyTorch's keys (`min_lrs`, `num_bad_epochs`, `best`, ...). */
  stateDict(): SchedulerStateDict {
    const self = this as unknown as Record<string, unknown>;
    const out: SchedulerStateDict = {};
    for (const [snake, prop] of STATE_KEYS) if (self[prop] !== undefined) out[snake] = copyValue(self[prop]);
    return out;
  }

  /** Restores a state from {@link ReduceLROnPlateau.stateDict} (or PyTorch's, as plain values). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [snake, prop] of STATE_KEYS) if (snake in stateDict) self[prop] = copyValue(stateDict[snake]);
    this._initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}
