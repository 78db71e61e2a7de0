/**
 * `AccumulateGrad`: the node at every leaf that requires grad. It runs the leaf's hooks and
 * adds the incoming gradient into `leaf.grad`.
 * @module
 */
import { emptyLike, isGradEnabled, keep, noGrad, type Tensor } from '@torchts/core';
import { metaOf, Node } from './node.js';

/**
 * The sink node of a leaf (PyTorch's `AccumulateGrad`): `leaf.gradFn` is null, but the nodes
 * that use the leaf list this node in their `nextFunctions`.
 */
export class AccumulateGrad extends Node {
  /** The leaf whose `.grad` this node accumulates into (PyTorch's `.variable`). */
  readonly variable: Tensor;

  constructor(variable: Tensor) {
    super();
    this.variable = variable;
    this.outputMeta = [metaOf(variable)];
  }

  name(): string {
    return 'AccumulateGrad';
  }

  /** Runs the leaf's hooks on `grad` and returns the (possibly replaced) gradient. */
  runHooks(grad: Tensor): Tensor {
    const hooks = this.variable._hooks;
    if (!hooks || hooks.length === 0) return grad;
    keep(grad); // a hook may hold on to the gradient
    for (const hook of [...hooks]) {
      const r = hook(grad);
      if (r) grad = r;
    }
    return grad;
  }

  /** Adds `grad` (hooks already run) into the leaf's `.grad`. */
  accumulate(grad: Tensor): void {
    const v = this.variable;
    const old = v.grad;
    // Leaf gradients outlive the torch.tidy scope of the backward call that made them.
    if (isGradEnabled()) {
      // Recording (createGraph): keep the gradient differentiable, never modify in place.
      v.grad = keep(old ? old.add(grad) : emptyLike(grad).copy_(grad));
    } else if (!old) {
      v.grad = keep(noGrad(() => grad.clone()));
    } else if (old.requiresGrad || old.dtype !== grad.dtype || !sameShape(old, grad)) {
      v.grad = keep(old.add(grad));
    } else {
      old.add_(grad);
    }
  }

  /** Accumulates `grads[0]`; the engine has already run the leaf's hooks on it. */
  apply(grads: readonly Tensor[]): Tensor[] {
    this.accumulate(grads[0]!);
    return [];
  }
}

function sameShape(a: Tensor, b: Tensor): boolean {
  const x = a._shape, y = b._shape;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** @internal The AccumulateGrad of leaf `t`, created on first use and shared afterwards. */
export function accumulatorOf(t: Tensor, create = true): AccumulateGrad | null {
  const a = t._autograd;
  if (a instanceof AccumulateGrad) return a;
  if (!create) return null;
  const acc = new AccumulateGrad(t);
  t._autograd = acc;
  return acc;
}
