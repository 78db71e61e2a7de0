/**
 * `AdamW`: Adam with decoupled weight decay, as PyTorch 1.13's `torch.optim.AdamW`
 * (single-tensor form).
 * @module
 */
import type { Tensor } from '@torchts/core';
import {
  adamMomentStep, checkAdamOptions, initAdamState, stepAsTensor, tryFusedAdam, type AdamState,
} from './adam.js';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';

/** Options of {@link AdamW}. */
export interface AdamWOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** Decoupled weight decay: `p *= 1 - lr * weightDecay` each step (default 1e-2). */
  weightDecay?: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad?: boolean;
  /** PyTorch's multi-tensor switch; accepted for compatibility (the result is the same). */
  foreach?: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
  /** PyTorch's CUDA-graph switch; accepted for compatibility, no effect here. */
  capturable?: boolean;
}

/** The options every AdamW group holds. */
export type AdamWDefaults = Required<AdamWOptions>;

/** The per-parameter state of {@link AdamW} (the same as Adam's). */
export type AdamWState = AdamState;

/**
 * AdamW (`torch.optim.AdamW`): Adam whose weight decay shrinks the parameters directly
 * instead of adding an L2 term to the gradient.
 *
 * @example
 * ```ts
 * const opt = new optim.AdamW(net.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 * ```
 */
export class AdamW extends Optimizer<AdamWDefaults, AdamWState> {
  constructor(params: ParamsInput<AdamWDefaults>, lrOrOptions?: number | AdamWOptions, options: AdamWOptions = {}) {
    const opts: AdamWOptions = typeof lrOrOptions === 'number' ? { ...options, lr: lrOrOptions } : (lrOrOptions ?? {});
    const lr = opts.lr ?? 1e-3;
    const betas: [number, number] = opts.betas ? [opts.betas[0], opts.betas[1]] : [0.9, 0.999];
    const eps = opts.eps ?? 1e-8;
    const weightDecay = opts.weightDecay ?? 1e-2;
    checkAdamOptions(lr, eps, betas, weightDecay);
    super(params, {
      lr, betas, eps, weightDecay,
      amsgrad: opts.amsgrad ?? false,
      foreach: opts.foreach ?? null,
      maximize: opts.maximize ?? false,
      capturable: opts.capturable ?? false,
    });
  }

  protected _updateGroup(group: ParamGroup<AdamWDefaults>): void {
    const [beta1, beta2] = group.betas;
    const { lr, eps, weightDecay, amsgrad, maximize } = group;
    for (const p of group.params) {
      const g: Tensor | null = p.grad;
      if (!g) continue;
      const state = this._stateOf(p);
      initAdamState(state, p, amsgrad);
      const fusedOpts = { lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: true };
      if (tryFusedAdam(p, g, state, false, fusedOpts)) continue;
      const grad = maximize ? g.neg() : g;
      const stepT = state.step!.add_(1);
      p.mul_(1 - lr * weightDecay);
      adamMomentStep(p, grad, state, stepT.item() as number, { lr, beta1, beta2, eps, amsgrad });
    }
  }

  protected override _afterLoad(): void {
    super._afterLoad();
    for (const s of this.state.values()) stepAsTensor(s);
  }
}
