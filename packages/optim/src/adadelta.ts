/**
 * `Adadelta`, as PyTorch 1.13's `torch.optim.Adadelta` (single-tensor form).
 * @module
 */
import { keep, ValueError, zerosLike, type Tensor } from '@torchts/core';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { addcmul_ } from './pointwise.js';
import { pyRepr } from './python-format.js';

/** Options of {@link Adadelta}. */
export interface AdadeltaOptions {
  /** Scale applied to the update (default 1.0). */
  lr?: number;
  /** Coefficient of the running averages (default 0.9). */
  rho?: number;
  /** Added inside the square roots for numerical stability (default 1e-6). */
  eps?: number;
  /** Weight decay, an L2 penalty (default 0). */
  weightDecay?: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
  /** PyTorch's multi-tensor switch; accepted for compatibility (the result is the same). */
  foreach?: boolean | null;
}

/** The options every Adadelta group holds. */
export type AdadeltaDefaults = Required<AdadeltaOptions>;

/** The per-parameter state of {@link Adadelta}. */
export interface AdadeltaState {
  /** Steps taken (a number, as PyTorch 1.13 keeps it for Adadelta). */
  step?: number;
  /** Running average of the squared gradient. */
  squareAvg?: Tensor;
  /** Running average of the squared updates. */
  accDelta?: Tensor;
}

/**
 * Adadelta (`torch.optim.Adadelta`): learning rates adapted from running averages of squared
 * gradients and squared updates.
 *
 * @example
 * ```ts
 * const opt = new optim.Adadelta(net.parameters(), { rho: 0.9 });
 * ```
 */
export class Adadelta extends Optimizer<AdadeltaDefaults, AdadeltaState> {
  protected override _floatKeys: ReadonlySet<string> = new Set(['lr']);

  constructor(params: ParamsInput<AdadeltaDefaults>, lrOrOptions?: number | AdadeltaOptions, options: AdadeltaOptions = {}) {
    const opts: AdadeltaOptions = typeof lrOrOptions === 'number' ? { ...options, lr: lrOrOptions } : (lrOrOptions ?? {});
    const lr = opts.lr ?? 1.0;
    const rho = opts.rho ?? 0.9;
    const eps = opts.eps ?? 1e-6;
    const weightDecay = opts.weightDecay ?? 0;
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyRepr(lr)}`);
    if (!(rho >= 0 && rho <= 1)) throw new ValueError(`Invalid rho value: ${pyRepr(rho)}`);
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyRepr(eps)}`);
    if (!(weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyRepr(weightDecay)}`);
    super(params, {
      lr, rho, eps, weightDecay,
      maximize: opts.maximize ?? false,
      foreach: opts.foreach ?? null,
    });
  }

  protected _updateGroup(group: ParamGroup<AdadeltaDefaults>): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    for (const p of group.params) {
      const g = p.grad;
      if (!g) continue;
      const state = this._stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.squareAvg = keep(zerosLike(p));
        state.accDelta = keep(zerosLike(p));
      }
      state.step += 1;
      let grad = maximize ? g.neg() : g;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const squareAvg = state.squareAvg!, accDelta = state.accDelta!;
      addcmul_(squareAvg.mul_(rho), grad, grad, 1 - rho);
      const std = squareAvg.add(eps).sqrt_();
      const delta = accDelta.add(eps).sqrt_().div_(std).mul_(grad);
      addcmul_(accDelta.mul_(rho), delta, delta, 1 - rho);
      p.add_(delta, { alpha: -lr });
      std.dispose();
      delta.dispose();
    }
  }

  protected override _afterLoad(): void {
    super._afterLoad();
    for (const s of this.state.values()) {
      const step = s.step as unknown;
      if (step !== undefined && typeof step !== 'number') s.step = Number((step as Tensor).item());
    }
  }
}
