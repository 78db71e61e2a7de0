/**
 * `OneCycleLR`: the 1cycle policy (learning rate up to `maxLr` then down far below the
 * start, momentum the other way), stepped once per batch.
 * @module
 */
import { ValueError } from '@torchts/core';
import { toCamel } from '../keys.js';
import { Optimizer } from '../optimizer.js';
import { pyRepr, typeName } from '../python-format.js';
import { type AnyOptimizer, LRScheduler, type LRSchedulerOptions, type SchedulerStateDict, type StateKey } from './lr-scheduler.js';

/** Options of {@link OneCycleLR}. */
export interface OneCycleLROptions extends LRSchedulerOptions {
  /** Peak learning rate, one for all groups or one per group (also accepted positionally). */
  maxLr?: number | number[];
  /** Total number of steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number | null;
  /** Number of epochs (with `stepsPerEpoch`, when `totalSteps` is not given). */
  epochs?: number | null;
  /** Steps per epoch (with `epochs`). */
  stepsPerEpoch?: number | null;
  /** Fraction of the cycle spent increasing the learning rate (default 0.3). */
  pctStart?: number;
  /** `'cos'` (default) or `'linear'` annealing. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle momentum (or Adam's beta1) inversely to the learning rate (default true). */
  cycleMomentum?: boolean;
  /** Lowest momentum of the cycle (default 0.85), one or one per group. */
  baseMomentum?: number | number[];
  /** Highest momentum of the cycle (default 0.95), one or one per group. */
  maxMomentum?: number | number[];
  /** `initial_lr = maxLr / divFactor` (default 25). */
  divFactor?: number;
  /** `min_lr = initial_lr / finalDivFactor` (default 1e4). */
  finalDivFactor?: number;
  /** Use a third phase that anneals down to `min_lr` after coming back to `initial_lr` (default false). */
  threePhase?: boolean;
}

/** One phase of the cycle, as PyTorch keeps it (group keys in PyTorch's snake_case). */
export interface OneCyclePhase {
  /** Last step of the phase. */
  end_step: number;
  /** Group key of the learning rate the phase starts from. */
  start_lr: string;
  /** Group key of the learning rate the phase ends at. */
  end_lr: string;
  /** Group key of the momentum the phase starts from. */
  start_momentum: string;
  /** Group key of the momentum the phase ends at. */
  end_momentum: string;
}

function formatParam(name: string, optimizer: AnyOptimizer, param: number | number[]): number[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(param)) {
    if (param.length !== n) throw new ValueError(`expected ${n} values for ${name}, got ${param.length}`);
    return param;
  }
  return new Array<number>(n).fill(param);
}

/**
 * The 1cycle learning-rate policy (`torch.optim.lr_scheduler.OneCycleLR`). Call `step()`
 * after every batch; stepping past `totalSteps` throws.
 *
 * @example
 * ```ts
 * const scheduler = new lrScheduler.OneCycleLR(optimizer, 0.01, { stepsPerEpoch: loader.length, epochs: 10 });
 * ```
 */
export class OneCycleLR extends LRScheduler {
  /** Total number of steps in the cycle. */
  totalSteps: number;
  /** @internal The phases of the cycle. */
  _schedulePhases: OneCyclePhase[];
  /** @internal `'cos'` or `'linear'` (PyTorch ≥ 2.2's `_anneal_func_type`). */
  _annealFuncType: 'cos' | 'linear';
  /** Whether momentum cycles. */
  cycleMomentum: boolean;
  /** Whether the optimizer's momentum is Adam's `betas[0]`. */
  useBeta1?: boolean;

  constructor(optimizer: AnyOptimizer, maxLrOrOptions: number | number[] | OneCycleLROptions, options: OneCycleLROptions = {}) {
    const o: OneCycleLROptions = typeof maxLrOrOptions === 'number' || Array.isArray(maxLrOrOptions)
      ? { ...options, maxLr: maxLrOrOptions }
      : maxLrOrOptions;
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    const lastEpoch = o.lastEpoch ?? -1;
    const { totalSteps: ts, epochs, stepsPerEpoch } = o;
    let totalSteps: number;
    if (ts == null && epochs == null && stepsPerEpoch == null) {
      throw new ValueError('You must define either total_steps OR (epochs AND steps_per_epoch)');
    } else if (ts != null) {
      if (ts <= 0 || !Number.isInteger(ts)) throw new ValueError(`Expected positive integer total_steps, but got ${pyRepr(ts)}`);
      totalSteps = ts;
    } else {
      if (epochs == null || epochs <= 0 || !Number.isInteger(epochs)) {
        throw new ValueError(`Expected positive integer epochs, but got ${pyRepr(epochs)}`);
      }
      if (stepsPerEpoch == null || stepsPerEpoch <= 0 || !Number.isInteger(stepsPerEpoch)) {
        throw new ValueError(`Expected positive integer steps_per_epoch, but got ${pyRepr(stepsPerEpoch)}`);
      }
      totalSteps = epochs * stepsPerEpoch;
    }
    const pctStart = o.pctStart ?? 0.3;
    const phases: OneCyclePhase[] = o.threePhase
      ? [
        { end_step: pctStart * totalSteps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: 2 * pctStart * totalSteps - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        { end_step: totalSteps - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
      ]
      : [
        { end_step: pctStart * totalSteps - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
        { end_step: totalSteps - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
      ];
    if (!(pctStart >= 0 && pctStart <= 1)) {
      throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${pyRepr(pctStart, true)}`);
    }
    const anneal = o.annealStrategy ?? 'cos';
    if (anneal !== 'cos' && anneal !== 'linear') {
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${String(anneal)}`);
    }
    if (o.maxLr === undefined) throw new TypeError("OneCycleLR() missing 1 required positional argument: 'max_lr'");
    const maxLrs = formatParam('max_lr', optimizer, o.maxLr);
    const divFactor = o.divFactor ?? 25;
    const finalDivFactor = o.finalDivFactor ?? 1e4;
    if (lastEpoch === -1) {
      optimizer.paramGroups.forEach((group, i) => {
        group.initialLr = maxLrs[i]! / divFactor;
        group.maxLr = maxLrs[i]!;
        group.minLr = (group.initialLr as number) / finalDivFactor;
      });
    }
    const cycleMomentum = o.cycleMomentum ?? true;
    let useBeta1: boolean | undefined;
    if (cycleMomentum) {
      const defaults = optimizer.defaults as Record<string, unknown>;
      if (!('momentum' in defaults) && !('betas' in defaults)) {
        throw new ValueError('optimizer must support momentum with `cycle_momentum` option enabled');
      }
      useBeta1 = 'betas' in defaults;
      const maxMomentums = formatParam('max_momentum', optimizer, o.maxMomentum ?? 0.95);
      const baseMomentums = formatParam('base_momentum', optimizer, o.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        optimizer.paramGroups.forEach((group, i) => {
          if (useBeta1) group.betas = [maxMomentums[i]!, ...(group.betas as number[]).slice(1)];
          else group.momentum = maxMomentums[i]!;
          group.maxMomentum = maxMomentums[i]!;
          group.baseMomentum = baseMomentums[i]!;
        });
      }
    }
    super(optimizer, lastEpoch, o.verbose ?? false);
    this.totalSteps = totalSteps;
    this._schedulePhases = phases;
    this._annealFuncType = anneal;
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) this.useBeta1 = useBeta1;
    this._initialStep();
  }

  /** Anneals from `start` to `end` as `pct` goes from 0 to 1 (cosine or linear). */
  private _anneal(start: number, end: number, pct: number): number {
    if (this._annealFuncType === 'cos') return end + ((start - end) / 2.0) * (Math.cos(Math.PI * pct) + 1);
    return (end - start) * pct + start;
  }

  getLr(): number[] {
    this._warnGetLr();
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new ValueError(`Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    const phases = this._schedulePhases;
    return this.optimizer.paramGroups.map((group) => {
      const g = group as Record<string, unknown>;
      const value = (key: string): number => g[toCamel(key)] as number;
      let startStep = 0;
      let lr = 0;
      let momentum = 0;
      for (let i = 0; i < phases.length; i++) {
        const phase = phases[i]!;
        const endStep = phase.end_step;
        if (stepNum <= endStep || i === phases.length - 1) {
          const pct = (stepNum - startStep) / (endStep - startStep);
          lr = this._anneal(value(phase.start_lr), value(phase.end_lr), pct);
          if (this.cycleMomentum) momentum = this._anneal(value(phase.start_momentum), value(phase.end_momentum), pct);
          break;
        }
        startStep = phase.end_step;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) g.betas = [momentum, ...(g.betas as number[]).slice(1)];
        else g.momentum = momentum;
      }
      return lr;
    });
  }

  protected override _ownStateKeys(): StateKey[] {
    const keys: StateKey[] = [
      ['total_steps', 'totalSteps'],
      ['_schedule_phases', '_schedulePhases'],
      ['_anneal_func_type', '_annealFuncType'],
      ['cycle_momentum', 'cycleMomentum'],
    ];
    if (this.cycleMomentum) keys.push(['use_beta1', 'useBeta1']);
    return keys;
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(stateDict);
    if ('use_beta1' in stateDict) this.useBeta1 = stateDict.use_beta1 as boolean;
  }
}
