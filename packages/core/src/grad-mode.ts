/**
 * Grad mode (`torch.no_grad`, `enable_grad`, `set_grad_enabled`, `inference_mode`) and the
 * hook through which @torchts/autograd records operations.
 * @module
 */
import type { Tensor } from './tensor.js';
import { RuntimeError } from './errors.js';

let gradEnabled = true;
let inference = false;

/** Whether operations are recorded for autograd now (`torch.is_grad_enabled()`). */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

/** Turns recording on or off globally (`torch.set_grad_enabled(mode)`). */
export function setGradEnabled(mode: boolean): void {
  gradEnabled = mode;
}

/** Whether `inferenceMode` is active (`torch.is_inference_mode_enabled()`). */
export function isInferenceModeEnabled(): boolean {
  return inference;
}

function withGrad<T>(mode: boolean, fn: () => T): T {
  const prev = gradEnabled;
  gradEnabled = mode;
  let result: T;
  try {
    result = fn();
  } catch (err) {
    gradEnabled = prev;
    throw err;
  }
  if (result instanceof Promise) {
    // An async body keeps the mode until it settles, as a Python `with` block would.
    return result.finally(() => {
      gradEnabled = prev;
    }) as T;
  }
  gradEnabled = prev;
  return result;
}

/**
 * Runs `fn` without recording operations (`with torch.no_grad():`).
 *
 * @example
 * ```ts
 * torch.noGrad(() => { for (const p of net.parameters()) p.sub_(p.grad!.mul(lr)); });
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGrad(false, fn);
}

/** Runs `fn` with recording enabled, even inside `noGrad` (`torch.enable_grad()`). */
export function enableGrad<T>(fn: () => T): T {
  return withGrad(true, fn);
}

/** Runs `fn` in inference mode: no recording, as `torch.inference_mode()`. */
export function inferenceMode<T>(fn: () => T): T {
  const prev = inference;
  inference = true;
  try {
    return withGrad(false, fn);
  } finally {
    inference = prev;
  }
}

/** What an op tells autograd about itself when it is recorded. */
export interface OpRecord {
  /** The op's name, as in the derivative table (`'add'`, `'sum'`, `'view'`, ...). */
  op: string;
  /** The differentiable tensor inputs, in order (null where an input is not a tensor). */
  inputs: readonly (Tensor | null)[];
  /** The outputs the op produced. */
  outputs: readonly Tensor[];
  /** Non-tensor arguments the derivative needs (dims, alpha, shapes, ...). */
  args: Readonly<Record<string, unknown>>;
}

/** The interface @torchts/autograd implements and installs with `installAutograd`. */
export interface AutogradHooks {
  /** Records an out-of-place op: sets `gradFn` on its outputs. */
  record(rec: OpRecord): void;
  /** Records an in-place op on `outputs[0]` (which is also `inputs[0]`). */
  recordInplace(rec: OpRecord): void;
  /** `t.backward(gradient, options)`. */
  backward(t: Tensor, gradient: Tensor | null, options: BackwardOptions): void;
}

/** Options of `Tensor.backward`. */
export interface BackwardOptions {
  /** Keep the graph so backward can run through it again. */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients. */
  createGraph?: boolean;
  /** Accumulate only into these leaves. */
  inputs?: Tensor[];
}

let hooks: AutogradHooks | null = null;

/** @internal Called by @torchts/autograd when it is imported. */
export function installAutograd(h: AutogradHooks): void {
  hooks = h;
}

/** @internal The installed autograd, or null. */
export function autogradHooks(): AutogradHooks | null {
  return hooks;
}

/** @internal The installed autograd, or a clear error that says what to install. */
export function requireAutograd(what: string): AutogradHooks {
  if (!hooks) {
    throw new RuntimeError(
      `${what} needs automatic differentiation: install @torchts/autograd and import it (importing 'torchts' does)`,
    );
  }
  return hooks;
}

/** @internal Whether an op with these inputs must be recorded. */
export function shouldRecord(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!gradEnabled || !hooks) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}
