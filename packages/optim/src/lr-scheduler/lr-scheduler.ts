/**
 * `LRScheduler`: the base of the epoch-based learning-rate schedulers, with PyTorch's
 * stepping semantics (`torch.optim.lr_scheduler._LRScheduler`): `initial_lr` in every group,
 * `lastEpoch`, one step at construction, `getLastLr()`, state dicts.
 * @module
 */
import { Optimizer } from '../optimizer.js';
import { pyExp4, typeName } from '../python-format.js';
import { KeyError } from '../errors.js';
import { warn } from '../warn.js';

/** An optimizer of any kind, as schedulers take it. */
export type AnyOptimizer = Optimizer<object, object>;

/** Options every epoch-based scheduler takes. */
export interface LRSchedulerOptions {
  /** The index of the last epoch, to resume a schedule (default -1: start afresh). */
  lastEpoch?: number;
  /** Print a message at every learning-rate update (default false). */
  verbose?: boolean;
}

/** A scheduler's state (`scheduler.state_dict()`), with PyTorch's snake_case keys. */
export type SchedulerStateDict = Record<string, unknown>;

/** One entry of a scheduler's state dict: PyTorch's key and the property holding it. */
export type StateKey = readonly [snake: string, prop: string];

const EPOCH_DEPRECATION_WARNING =
  'The epoch parameter in `scheduler.step()` was not necessary and is being deprecated where possible. ' +
  'Please use `scheduler.step()` to step the scheduler. During the deprecation, if epoch is different from ' +
  'None, the closed form is used instead of the new chainable form, where available. Please open an issue if ' +
  'you are unable to replicate your use case: https://github.com/pytorch/pytorch/issues/new/choose.';

type CountedStep = ((...args: unknown[]) => unknown) & { _withCounter?: boolean };

/**
 * The base class of epoch-based schedulers (PyTorch's `_LRScheduler`). A subclass sets its
 * own fields after `super(...)`, then calls `this._initialStep()` (which PyTorch's
 * base constructor does), and implements {@link LRScheduler.getLr}.
 *
 * @example
 * ```ts
 * class HalvingLR extends lrScheduler.LRScheduler {
 *   constructor(opt: Optimizer) { super(opt); this._initialStep(); }
 *   getLr() { return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr / 2)); }
 * }
 * ```
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates this schedules. */
  optimizer: AnyOptimizer;
  /** Each group's `initial_lr`. */
  baseLrs: number[];
  /** The index of the last epoch stepped (0 after construction). */
  lastEpoch: number;
  /** Whether updates are printed. */
  verbose: boolean;
  /** @internal Steps taken, the one at construction included (PyTorch's `_step_count`). */
  _stepCount = 0;
  /** @internal Whether `getLr` runs inside `step` (PyTorch warns otherwise). */
  _getLrCalledWithinStep = false;
  /** @internal The learning rates the last step set. */
  _lastLr: number[] = [];

  constructor(optimizer: AnyOptimizer, lastEpoch = -1, verbose = false) {
    if (!(optimizer instanceof Optimizer)) throw new TypeError(`${typeName(optimizer)} is not an Optimizer`);
    this.optimizer = optimizer;
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) if (!('initialLr' in group)) group.initialLr = group.lr;
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (!('initialLr' in group)) {
          throw new KeyError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
    // Count optimizer steps, to warn when the scheduler steps first (as PyTorch does).
    const opt = optimizer as unknown as { step: CountedStep };
    if (!opt.step._withCounter) {
      const original = opt.step;
      const counted: CountedStep = (...args: unknown[]) => {
        optimizer._stepCount = (optimizer._stepCount ?? 0) + 1;
        return original.apply(optimizer, args);
      };
      counted._withCounter = true;
      opt.step = counted;
    }
    this.verbose = verbose;
  }

  /** The learning rates of the next epoch (called by {@link step}; subclasses implement it). */
  abstract getLr(): number[];

  /** The closed-form learning rates at `lastEpoch`, used by `step(epoch)` where a schedule has one. */
  protected _getClosedFormLr?(): number[];

  /** @internal PyTorch's `_initial_step`: zeroes the step counts and takes the first step. */
  protected _initialStep(): void {
    this.optimizer._stepCount = 0;
    this._stepCount = 0;
    this.step();
  }

  /** The learning rates the last step set, one per group. */
  getLastLr(): number[] {
    return this._lastLr;
  }

  /** Prints the update of one group when `isVerbose` (PyTorch's `print_lr`). */
  printLr(isVerbose: boolean, group: number, lr: number, epoch?: number): void {
    if (!isVerbose) return;
    if (epoch === undefined) {
      console.log(`Adjusting learning rate of group ${group} to ${pyExp4(lr)}.`);
    } else {
      const epochStr = Number.isInteger(epoch) ? String(epoch).padStart(5, '0') : epoch.toFixed(2);
      console.log(`Epoch ${epochStr}: adjusting learning rate of group ${group} to ${pyExp4(lr)}.`);
    }
  }

  /** @internal Warns as PyTorch does when `getLr` is called outside `step`. */
  protected _warnGetLr(): void {
    if (!this._getLrCalledWithinStep) {
      warn('To get the last learning rate computed by the scheduler, please use `get_last_lr()`.');
    }
  }

  /**
   * Advances the schedule by one epoch and sets every group's `lr`. Passing `epoch` (deprecated
   * in PyTorch) jumps to that epoch, using the closed form where the schedule has one.
   */
  step(epoch?: number): void {
    if (this._stepCount === 1) {
      const optStep = (this.optimizer as unknown as { step: CountedStep }).step;
      if (!optStep._withCounter) {
        warn(
          'Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. Please, make sure to call `optimizer.step()` before `lr_scheduler.step()`. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate',
        );
      } else if ((this.optimizer._stepCount ?? 0) < 1) {
        warn(
          'Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will result in PyTorch skipping the first value of the learning rate schedule. See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate',
        );
      }
    }
    this._stepCount += 1;
    let values: number[];
    this._getLrCalledWithinStep = true;
    try {
      if (epoch === undefined) {
        this.lastEpoch += 1;
        values = this.getLr();
      } else {
        warn(EPOCH_DEPRECATION_WARNING);
        this.lastEpoch = epoch;
        values = this._getClosedFormLr ? this._getClosedFormLr() : this.getLr();
      }
    } finally {
      this._getLrCalledWithinStep = false;
    }
    const groups = this.optimizer.paramGroups;
    const n = Math.min(groups.length, values.length);
    for (let i = 0; i < n; i++) {
      groups[i]!.lr = values[i]!;
      this.printLr(this.verbose, i, values[i]!, epoch);
    }
    this._lastLr = groups.map((g) => g.lr);
  }

  /** The state-dict entries of the subclass, in PyTorch's order (before the base's). */
  protected _ownStateKeys(): StateKey[] {
    return [];
  }

  /** @internal All state-dict entries in PyTorch's order (`scheduler.__dict__` minus the optimizer). */
  protected _stateKeys(): StateKey[] {
    return [
      ...this._ownStateKeys(),
      ['base_lrs', 'baseLrs'],
      ['last_epoch', 'lastEpoch'],
      ['verbose', 'verbose'],
      ['_step_count', '_stepCount'],
      ['_get_lr_called_within_step', '_getLrCalledWithinStep'],
      ['_last_lr', '_lastLr'],
    ];
  }

  /** The scheduler's state with PyTorch's keys (`base_lrs`, `last_epoch`, `_step_count`, ...). */
  stateDict(): SchedulerStateDict {
    const self = this as unknown as Record<string, unknown>;
    const out: SchedulerStateDict = {};
    for (const [snake, prop] of this._stateKeys()) out[snake] = copyValue(self[prop]);
    return out;
  }

  /** Restores a state from {@link LRScheduler.stateDict} (or PyTorch's, as plain values). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const self = this as unknown as Record<string, unknown>;
    for (const [snake, prop] of this._stateKeys()) {
      if (snake in stateDict) self[prop] = copyValue(stateDict[snake]);
    }
  }
}

/** @internal A deep copy of a plain state value (arrays and plain objects). */
export function copyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(copyValue);
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyValue(x)]));
  }
  return v;
}
