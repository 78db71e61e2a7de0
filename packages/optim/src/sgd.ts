/**
 * `SGD`: stochastic gradient descent with optional momentum, dampening, Nesterov momentum,
 * weight decay and maximization, as PyTorch 1.13's `torch.optim.SGD` (single-tensor form).
 * @module
 */
import { emptyLike, keep, ValueError, type Tensor } from '@torchts/core';
import { canFuseSgd, fusedSgdStep } from './fused.js';
import { Optimizer, required, type ParamGroup, type ParamsInput } from './optimizer.js';
import { pyRepr } from './python-format.js';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate (required, here or in every group). */
  lr?: number;
  /** Momentum factor (default 0). */
  momentum?: number;
  /** Dampening for momentum (default 0). */
  dampening?: number;
  /** Weight decay, an L2 penalty (default 0). */
  weightDecay?: number;
  /** Nesterov momentum (default false; needs momentum > 0 and zero dampening). */
  nesterov?: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize?: boolean;
  /** PyTorch's multi-tensor switch; accepted for compatibility (the result is the same). */
  foreach?: boolean | null;
  /** Run the step with grad enabled so it can be differentiated through (default false). */
  differentiable?: boolean;
}

/** The options every SGD group holds. */
export type SGDDefaults = Required<SGDOptions> & { lr: number };

/** The per-parameter state of {@link SGD}. */
export interface SGDState {
  /** The momentum buffer (null while momentum is 0). */
  momentumBuffer?: Tensor | null;
}

/**
 * Stochastic gradient descent (`torch.optim.SGD`), optionally with momentum:
 * `b = momentum * b + (1 - dampening) * g; p -= lr * b` (PyTorch's variant, see its docs).
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });
 * // or with lr positional, as `optim.SGD(params, 0.1)`:
 * const opt2 = new optim.SGD(net.parameters(), 0.1);
 * ```
 */
export class SGD extends Optimizer<SGDDefaults, SGDState> {
  constructor(params: ParamsInput<SGDDefaults>, lrOrOptions?: number | SGDOptions, options: SGDOptions = {}) {
    const opts: SGDOptions = typeof lrOrOptions === 'number' ? { ...options, lr: lrOrOptions } : (lrOrOptions ?? {});
    const lr = opts.lr;
    const momentum = opts.momentum ?? 0;
    const dampening = opts.dampening ?? 0;
    const weightDecay = opts.weightDecay ?? 0;
    const nesterov = opts.nesterov ?? false;
    if (lr !== undefined && lr < 0) throw new ValueError(`Invalid learning rate: ${pyRepr(lr)}`);
    if (momentum < 0) throw new ValueError(`Invalid momentum value: ${pyRepr(momentum)}`);
    if (weightDecay < 0) throw new ValueError(`Invalid weight_decay value: ${pyRepr(weightDecay)}`);
    const defaults = {
      lr: lr ?? (required as unknown as number),
      momentum,
      dampening,
      weightDecay,
      nesterov,
      maximize: opts.maximize ?? false,
      foreach: opts.foreach ?? null,
      differentiable: opts.differentiable ?? false,
    };
    if (nesterov && (momentum <= 0 || dampening !== 0)) {
      throw new ValueError('Nesterov momentum requires a momentum and zero dampening');
    }
    super(params, defaults);
  }

  protected _updateGroup(group: ParamGroup<SGDDefaults>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize, differentiable } = group;
    for (const p of group.params) {
      const grad = p.grad;
      if (!grad) continue;
      const state = this._stateOf(p);
      if (canFuseSgd(p, grad, momentum !== 0 ? state.momentumBuffer : null, differentiable)) {
        // One kernel on backends that have it (CUDA); the state is the same tensors as below.
        let buf: Tensor | null = null;
        let firstStep = false;
        if (momentum !== 0) {
          buf = state.momentumBuffer ?? null;
          if (!buf) {
            buf = keep(emptyLike(p));
            firstStep = true;
          }
        }
        fusedSgdStep(p, grad, buf, { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep });
        state.momentumBuffer = buf;
        continue;
      }
      let dP = maximize ? grad.neg() : grad;
      if (weightDecay !== 0) dP = dP.add(p, { alpha: weightDecay });
      let buf: Tensor | null = null;
      if (momentum !== 0) {
        buf = state.momentumBuffer ?? null;
        if (!buf) {
          buf = keep(dP.clone().detach());
        } else {
          buf.mul_(momentum).add_(dP, { alpha: 1 - dampening });
        }
        dP = nesterov ? dP.add(buf, { alpha: momentum }) : buf;
      }
      p.add_(dP, { alpha: -lr });
      state.momentumBuffer = buf;
    }
  }
}
