/**
 * `RMSprop` (with momentum and the centered variant), as PyTorch 1.13's
 * `torch.optim.RMSprop` (single-tensor form).
 * @module
 */
import { keep, ValueError, zerosLike, type Tensor } from '@torchts/core';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { addcdiv_, addcmul_ } from './pointwise.js';
import { pyRepr } from './python-format.js';

/** Options of {@link RMSprop}. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Smoothing constant of the running average of squared gradients (default 0.99). */
  alpha?: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** Normalize by an estimate of the gradient's variance instead of its second moment (default false). */
  centered?: boolean;
  /** Weight decay, an L2 penalty (default 0). */
  weightDecay?: number;
  /** PyTorch's multi-tensor switch; accepted for compatibility (the result is the same). */
  foreach?: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
  /** Run the step with grad enabled so it can be differentiated through (default false). */
  differentiable?: boolean;
}

/** The options every RMSprop group holds. */
export type RMSpropDefaults = Required<RMSpropOptions>;

/** The per-parameter state of {@link RMSprop}. */
export interface RMSpropState {
  /** Steps taken (a number, as PyTorch 1.13 keeps it for RMSprop). */
  step?: number;
  /** Running average of the squared gradient. */
  squareAvg?: Tensor;
  /** Momentum buffer (momentum > 0 only). */
  momentumBuffer?: Tensor;
  /** Running average of the gradient (centered only). */
  gradAvg?: Tensor;
}

/**
 * RMSprop (`torch.optim.RMSprop`): divides the gradient by a running root mean square.
 *
 * @example
 * ```ts
 * const opt = new optim.RMSprop(net.parameters(), { lr: 0.01, momentum: 0.9, centered: true });
 * ```
 */
export class RMSprop extends Optimizer<RMSpropDefaults, RMSpropState> {
  constructor(params: ParamsInput<RMSpropDefaults>, lrOrOptions?: number | RMSpropOptions, options: RMSpropOptions = {}) {
    const opts: RMSpropOptions = typeof lrOrOptions === 'number' ? { ...options, lr: lrOrOptions } : (lrOrOptions ?? {});
    const lr = opts.lr ?? 1e-2;
    const momentum = opts.momentum ?? 0;
    const alpha = opts.alpha ?? 0.99;
    const eps = opts.eps ?? 1e-8;
    const weightDecay = opts.weightDecay ?? 0;
    if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyRepr(lr)}`);
    if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyRepr(eps)}`);
    if (!(momentum >= 0)) throw new ValueError(`Invalid momentum value: ${pyRepr(momentum)}`);
    if (!(weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyRepr(weightDecay)}`);
    if (!(alpha >= 0)) throw new ValueError(`Invalid alpha value: ${pyRepr(alpha)}`);
    super(params, {
      lr, momentum, alpha, eps,
      centered: opts.centered ?? false,
      weightDecay,
      foreach: opts.foreach ?? null,
      maximize: opts.maximize ?? false,
      differentiable: opts.differentiable ?? false,
    });
  }

  protected _updateGroup(group: ParamGroup<RMSpropDefaults>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize } = group;
    for (const p of group.params) {
      const g = p.grad;
      if (!g) continue;
      const state = this._stateOf(p);
      if (state.step === undefined) {
        state.step = 0;
        state.squareAvg = keep(zerosLike(p));
        if (momentum > 0) state.momentumBuffer = keep(zerosLike(p));
        if (centered) state.gradAvg = keep(zerosLike(p));
      }
      state.step += 1;
      let grad = maximize ? g.neg() : g;
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      const squareAvg = state.squareAvg!;
      addcmul_(squareAvg.mul_(alpha), grad, grad, 1 - alpha);
      let avg: Tensor;
      if (centered) {
        const gradAvg = (state.gradAvg ??= keep(zerosLike(p)));
        gradAvg.mul_(alpha).add_(grad, { alpha: 1 - alpha });
        // square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt_()
        const sq = gradAvg.mul(-1).mul_(gradAvg);
        avg = squareAvg.add(sq).sqrt_();
        sq.dispose();
      } else {
        avg = squareAvg.sqrt();
      }
      avg.add_(eps);
      if (momentum > 0) {
        const buf = (state.momentumBuffer ??= keep(zerosLike(p)));
        addcdiv_(buf.mul_(momentum), grad, avg);
        p.add_(buf, { alpha: -lr });
      } else {
        addcdiv_(p, grad, avg, -lr);
      }
      avg.dispose();
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
