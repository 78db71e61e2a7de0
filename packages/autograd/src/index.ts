/**
 * @torchts/autograd: define-by-run automatic differentiation, as in PyTorch. Importing it
 * installs the recorder into @torchts/core: from then on, ops on tensors that require grad
 * build the graph that `t.backward()` and {@link grad} run backwards.
 *
 * @example
 * ```ts
 * import * as torch from '@torchts/core';
 * import { autograd } from '@torchts/autograd';
 * const x = torch.ones(2, 2, { requiresGrad: true });
 * const out = x.add(2).mul(x.add(2)).mul(3).mean();
 * out.backward();
 * x.grad; // tensor([[4.5000, 4.5000], [4.5000, 4.5000]])
 * ```
 * @packageDocumentation
 */
import { installAutograd, type Tensor, type BackwardOptions } from '@torchts/core';
import './derivatives/index.js';
import { backward, grad } from './functional.js';
import { Function, FunctionCtx } from './function.js';
import { gradcheck, gradgradcheck } from './gradcheck.js';
import {
  enableGrad, inferenceMode, isGradEnabled, isInferenceModeEnabled, noGrad, setGradEnabled,
} from './grad-mode.js';
import { recordInplaceOp, recordOp } from './record.js';

installAutograd({
  record: recordOp,
  recordInplace: recordInplaceOp,
  backward: (t: Tensor, gradient: Tensor | null, options: BackwardOptions): void => backward(t, gradient, options),
});

export { backward, grad, type GradOptions, type AutogradBackwardOptions } from './functional.js';
export { Function, FunctionCtx, FunctionNode } from './function.js';
export { gradcheck, gradgradcheck, GradcheckError, type GradcheckOptions, type CheckedFunction } from './gradcheck.js';
export {
  noGrad, enableGrad, setGradEnabled, isGradEnabled, inferenceMode, isInferenceModeEnabled,
} from './grad-mode.js';
export { Node, type Edge, type TensorMeta } from './node.js';
export { SavedTensor } from './saved-tensor.js';
export { AccumulateGrad } from './accumulate-grad.js';
export { sumToShape } from './sum-to-shape.js';
export {
  defineDerivative, differentiableOps, type Derivative, type RecordContext, type BackwardContext, type OpArgs,
} from './derivatives/index.js';

/**
 * The `torch.autograd` namespace: `autograd.grad`, `autograd.backward`, `autograd.Function`,
 * `autograd.gradcheck`, `autograd.gradgradcheck` and the grad-mode functions.
 *
 * @example
 * ```ts
 * const [dx] = torch.autograd.grad(y, x);
 * ```
 */
export const autograd = {
  /**
   * `autograd.grad(outputs, inputs, { gradOutputs, retainGraph, createGraph, allowUnused })`: the
   * gradients of `outputs` with respect to `inputs`, leaving `.grad` alone.
   */
  grad,
  /** `autograd.backward(tensors, gradTensors)`: accumulates the gradients of `tensors` into the leaves' `.grad`. */
  backward,
  /**
   * Base class of custom differentiable functions: `static forward(ctx, ...)`,
   * `static backward(ctx, ...grads)`, called as `MyFn.apply(...)`.
   */
  Function,
  /** The `ctx` of a custom function: `saveForBackward`, `savedTensors`, `markDirty`, `needsInputGrad`. */
  FunctionCtx,
  /** Checks a function's gradients against finite differences (use float64 inputs). */
  gradcheck,
  /** Checks second-order gradients against finite differences. */
  gradgradcheck,
  /** Runs a function without recording the graph (`with torch.no_grad():`). */
  noGrad,
  /** Runs a function with recording on, inside `noGrad` (`with torch.enable_grad():`). */
  enableGrad,
  /** Turns recording on or off (`torch.set_grad_enabled`). */
  setGradEnabled,
  /** Whether ops are being recorded. */
  isGradEnabled,
  /** Runs a function in inference mode: no recording (`with torch.inference_mode():`). */
  inferenceMode,
  /** Whether inference mode is on. */
  isInferenceModeEnabled,
} as const;
