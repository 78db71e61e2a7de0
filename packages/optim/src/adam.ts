/**
 * `Adam` (with the AMSGrad variant), as PyTorch 1.13's `torch.optim.Adam` (single-tensor
 * form), and the moment update {@link AdamW} shares.
 * @module
 */
import { float32, keep, tensor, ValueError, zerosLike, type Tensor } from '@torchts/core';
import { Optimizer, type ParamGroup, type ParamsInput } from './optimizer.js';
import { addcdiv_, addcmul_ } from './pointwise.js';
import { canFuseAdam, fusedAdamStep } from './fused.js';
import { pyRepr } from './python-format.js';

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr?: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps?: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad?: boolean;
  /** PyTorch's multi-tensor switch; accepted for compatibility (the result is the same). */
  foreach?: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
  /** PyTorch's CUDA-graph switch; accepted for compatibility, no effect here. */
  capturable?: boolean;
  /** Run the step with grad enabled so it can be differentiated through (default false). */
  differentiable?: boolean;
  /** PyTorch's fused CUDA kernel switch; accepted for compatibility, no effect here. */
  fused?: boolean;
}

/** The options every Adam group holds. */
export type AdamDefaults = Required<AdamOptions>;

/** The per-parameter state of {@link Adam} and {@link AdamW}. */
export interface AdamState {
  /** Steps taken, a 0-d float32 CPU tensor (as PyTorch keeps it). */
  step?: Tensor;
  /** Running average of the gradient. */
  expAvg?: Tensor;
  /** Running average of the squared gradient. */
  expAvgSq?: Tensor;
  /** Running maximum of `expAvgSq` (AMSGrad only). */
  maxExpAvgSq?: Tensor;
}

/** @internal PyTorch's checks shared by Adam and AdamW. */
export function checkAdamOptions(lr: number, eps: number, betas: readonly number[], weightDecay: number): void {
  if (!(lr >= 0)) throw new ValueError(`Invalid learning rate: ${pyRepr(lr)}`);
  if (!(eps >= 0)) throw new ValueError(`Invalid epsilon value: ${pyRepr(eps)}`);
  if (!(betas[0]! >= 0 && betas[0]! < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${pyRepr(betas[0])}`);
  if (!(betas[1]! >= 0 && betas[1]! < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${pyRepr(betas[1])}`);
  if (!(weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${pyRepr(weightDecay)}`);
}

/** @internal The state of a parameter's first Adam step: step 0 and zero averages. */
export function initAdamState(state: AdamState, p: Tensor, amsgrad: boolean): void {
  if (state.step !== undefined) return;
  // PyTorch keeps `step` as a float32 CPU scalar tensor (`torch.tensor(0.)`).
  state.step = keep(tensor(0, { dtype: float32, device: 'cpu' }));
  state.expAvg = keep(zerosLike(p));
  state.expAvgSq = keep(zerosLike(p));
  if (amsgrad) state.maxExpAvgSq = keep(zerosLike(p));
}

/**
 * @internal The moment update and parameter step Adam and AdamW share (PyTorch's
 * `_single_tensor_adam(w)` after their weight-decay handling). `step` is already incremented.
 */
export function adamMomentStep(
  p: Tensor, grad: Tensor, state: AdamState, step: number,
  o: { lr: number; beta1: number; beta2: number; eps: number; amsgrad: boolean },
): void {
  const expAvg = state.expAvg!, expAvgSq = state.expAvgSq!;
  expAvg.mul_(o.beta1).add_(grad, { alpha: 1 - o.beta1 });
  addcmul_(expAvgSq.mul_(o.beta2), grad, grad, 1 - o.beta2);
  const biasCorrection1 = 1 - o.beta1 ** step;
  const biasCorrection2 = 1 - o.beta2 ** step;
  const stepSize = o.lr / biasCorrection1;
  const biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
  let denom: Tensor;
  if (o.amsgrad) {
    // Created on demand when AMSGrad is switched on after the first step.
    const maxSq = (state.maxExpAvgSq ??= keep(zerosLike(p)));
    maxSq.maximum_(expAvgSq);
    denom = maxSq.sqrt().div_(biasCorrection2Sqrt).add_(o.eps);
  } else {
    denom = expAvgSq.sqrt().div_(biasCorrection2Sqrt).add_(o.eps);
  }
  addcdiv_(p, expAvg, denom, -stepSize);
  denom.dispose();
}

/**
 * @internal The fused Adam/AdamW step when the parameter's backend has one and the tensors
 * qualify (see fused.ts): increments `step` and updates in one kernel. Returns false (having
 * done nothing) otherwise. `state` must be initialised.
 */
export function tryFusedAdam(
  p: Tensor, g: Tensor, state: AdamState, differentiable: boolean,
  o: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; amsgrad: boolean; maximize: boolean; decoupled: boolean },
): boolean {
  if (!canFuseAdam(p, g, [state.expAvg, state.expAvgSq, o.amsgrad ? state.maxExpAvgSq : null], differentiable)) return false;
  const maxSq = o.amsgrad ? (state.maxExpAvgSq ??= keep(zerosLike(p))) : null;
  const step = state.step!.add_(1).item() as number;
  fusedAdamStep(p, g, state.expAvg!, state.expAvgSq!, maxSq, { ...o, step });
  return true;
}

/** @internal Adam's `step` state as a tensor (older state dicts keep a number). */
export function stepAsTensor(state: { step?: unknown }): void {
  if (typeof state.step === 'number') state.step = keep(tensor(state.step, { dtype: float32, device: 'cpu' }));
}

/**
 * Adam (`torch.optim.Adam`): adaptive moment estimation, optionally AMSGrad.
 *
 * @example
 * ```ts
 * const opt = new optim.Adam(net.parameters(), { lr: 1e-3, betas: [0.9, 0.999] });
 * ```
 */
export class Adam extends Optimizer<AdamDefaults, AdamState> {
  constructor(params: ParamsInput<AdamDefaults>, lrOrOptions?: number | AdamOptions, options: AdamOptions = {}) {
    const opts: AdamOptions = typeof lrOrOptions === 'number' ? { ...options, lr: lrOrOptions } : (lrOrOptions ?? {});
    const lr = opts.lr ?? 1e-3;
    const betas: [number, number] = opts.betas ? [opts.betas[0], opts.betas[1]] : [0.9, 0.999];
    const eps = opts.eps ?? 1e-8;
    const weightDecay = opts.weightDecay ?? 0;
    checkAdamOptions(lr, eps, betas, weightDecay);
    super(params, {
      lr, betas, eps, weightDecay,
      amsgrad: opts.amsgrad ?? false,
      maximize: opts.maximize ?? false,
      foreach: opts.foreach ?? null,
      capturable: opts.capturable ?? false,
      differentiable: opts.differentiable ?? false,
      fused: opts.fused ?? false,
    });
  }

  protected _updateGroup(group: ParamGroup<AdamDefaults>): void {
    const [beta1, beta2] = group.betas;
    const { lr, eps, weightDecay, amsgrad, maximize, differentiable } = group;
    for (const p of group.params) {
      const g = p.grad;
      if (!g) continue;
      const state = this._stateOf(p);
      initAdamState(state, p, amsgrad);
      const fusedOpts = { lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled: false };
      if (tryFusedAdam(p, g, state, differentiable, fusedOpts)) continue;
      let grad = maximize ? g.neg() : g;
      const stepT = state.step!.add_(1);
      if (weightDecay !== 0) grad = grad.add(p, { alpha: weightDecay });
      adamMomentStep(p, grad, state, stepT.item() as number, { lr, beta1, beta2, eps, amsgrad });
    }
  }

  protected override _afterLoad(): void {
    super._afterLoad();
    for (const s of this.state.values()) stepAsTensor(s);
  }
}
