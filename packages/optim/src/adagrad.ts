/**
 * `Adagrad`, as PyTorch 1.13's `torch.optim.Adagrad` (single-tensor form, dense gradients).
 * @module
 */
import { float32, fullLike, keep, tensor, ValueError, type Tensor } from '@torchts/core';
import { stepAsTensor } from './adam.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { addcdiv_, addcmul_ } from './pointwise.js';
import { pyRepr } from './python-format.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Learning-rate decay: step t uses `lr / (1 + (t - 1) * lrDecay)` (default 0). */
  lrDecay?: number;
  /** Weight decay, an L2 penalty (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps?: number;
  /** PyTorch's multi-tensor switch; accepted for compatibility (the result is the same). */
  foreach?: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
}

/** The options every Adagrad group holds. */
export type AdagradDefaults = Required<AdagradOptions>;

/** The per-parameter state of {@link Adagrad}. */
export interface AdagradState {
  /** Steps taken, a 0-d float32 CPU tensor (as PyTorch keeps it). */
  step?: Tensor;
  /** Sum of squared gradients. */
  sum?: Tensor;
}

/**
 * Adagrad (`torch.optim.Adagrad`): per-element learning rates scaled by the root of the
 * summed squared gradients. As in PyTorch, state is created for every parameter at
 * construction.
 *
 * @example
 * ```ts
 * const opt = new optim.Adagrad(net.parameters(), { lr: 0.01, lrDecay: 1e-4 });
 * ```
 */
export class Adagrad extends Optimizer<AdagradDefaults, AdagradState> {
  constructor(params: ParamsInput<AdagradDefaults>, lrOrOptions?: number | AdagradOptions, options: AdagradOptions = {}) {
    const opts: AdagradOptions = typeof lrOrOptions === 'number' ? { ...options, lr: lrOrOptions } : (lrOrOptions ?? {});
    const lr = opts.lr ?? 1e-2;
    const lrDecay = opts.lrDecay ?? 0;
    const weightDecay = opts.weightDecay ?? 0;
    const initialAccumulatorValue = opts.initialAccumulatorValue ?? 0;
    const eps = opts.eps ?? 1e-10;
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyRepr(lr)}`);
    if (!(lrDecay >= 0)) throw new ValueError(`Invalid lr_decay value: ${pyRepr(lrDecay)}`);
    if (!(weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyRepr(weightDecay)}`);
    if (!(initialAccumulatorValue >= 0)) {
      throw new ValueError(`Invalid initial_accumulator_value value: ${pyRepr(initialAccumulatorValue)}`);
    }
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyRepr(eps)}`);
    super(params, {
      lr, lrDecay, eps, weightDecay, initialAccumulatorValue,
      foreach: opts.foreach ?? null,
      maximize: opts.maximize ?? false,
    });
    for (const group of this.paramGroups) for (const p of group.params) this._initState(p, group);
  }

  private _initState(p: Tensor, group: ParamGroup<AdagradDefaults>): AdagradState {
    const state = this._stateOf(p);
    if (state.step === undefined) {
      state.step = keep(tensor(0, { dtype: float32, device: 'cpu' }));
      state.sum = keep(fullLike(p, group.initialAccumulatorValue));
    }
    return state;
  }

  protected _updateGroup(group: ParamGroup<AdagradDefaults>): void {
    const { lr, weightDecay, lrDecay, eps, maximize } = group;
    for (const p of group.params) {
      const g = p.grad;
      if (!g) continue;
      // PyTorch only creates state at construction; a group added later gets it here.
      const state = this._initState(p, group);
      const step = state.step!.add_(1).item() as number;
      let grad = maximize ? g.neg() : g;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const clr = lr / (1 + (step - 1) * lrDecay);
      const sum = state.sum!;
      addcmul_(sum, grad, grad, 1);
      const std = sum.sqrt().add_(eps);
      addcdiv_(p, grad, std, -clr);
      std.dispose();
    }
  }

  protected override _afterLoad(): void {
    super._afterLoad();
    for (const s of this.state.values()) stepAsTensor(s);
  }
}
