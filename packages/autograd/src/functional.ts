/**
 * `torch.autograd.grad` and `torch.autograd.backward`.
 * @module
 */
import { RuntimeError, type Tensor } from '@torchts/core';
import { runBackward } from './engine.js';

/** Options of {@link grad}. */
export interface GradOptions {
  /** The "vector" of the vector-Jacobian product, one per output (null: ones, for scalar outputs). */
  gradOutputs?: Tensor | readonly (Tensor | null | undefined)[] | null;
  /** Keep the graph for another backward (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the gradient computation, for higher-order derivatives. */
  createGraph?: boolean;
  /** Return null for inputs the outputs do not depend on, instead of failing. */
  allowUnused?: boolean;
}

/** Options of {@link backward}. */
export interface AutogradBackwardOptions {
  /** Keep the graph for another backward (default: `createGraph`). */
  retainGraph?: boolean;
  /** Record the gradient computation, for higher-order derivatives. */
  createGraph?: boolean;
  /** Accumulate only into these tensors' `.grad`. */
  inputs?: Tensor | readonly Tensor[];
}

function asList<T>(x: T | readonly T[]): readonly T[] {
  return Array.isArray(x) ? (x as readonly T[]) : [x as T];
}

function gradList(
  outputs: readonly Tensor[],
  g: Tensor | readonly (Tensor | null | undefined)[] | null | undefined,
): readonly (Tensor | null | undefined)[] {
  if (g === null || g === undefined) return outputs.map(() => null);
  const list = asList(g);
  if (list.length !== outputs.length) {
    throw new RuntimeError(`grad_outputs should be a sequence of length ${outputs.length} (got ${list.length})`);
  }
  return list;
}

/**
 * Gradients of `outputs` with respect to `inputs`, returned instead of accumulated into
 * `.grad` (`torch.autograd.grad`). Returns one entry per input (null for unused inputs
 * with `allowUnused`).
 *
 * @example
 * ```ts
 * const x = torch.tensor([2.0, 3.0], { requiresGrad: true });
 * const y = x.pow(3).sum();
 * const [dx] = autograd.grad(y, x, { createGraph: true }); // 3x^2 = [12, 27]
 * const [ddx] = autograd.grad(dx!.sum(), x);               // 6x   = [12, 18]
 * ```
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  const outs = asList(outputs);
  const ins = asList(inputs);
  if (ins.length === 0) throw new RuntimeError('grad requires non-empty inputs.');
  return runBackward(outs, gradList(outs, options.gradOutputs), {
    retainGraph: options.retainGraph,
    createGraph: options.createGraph,
    inputs: ins,
    allowUnused: options.allowUnused,
    accumulate: false,
  });
}

/**
 * Accumulates the gradients of `tensors` into the `.grad` of the leaves
 * (`torch.autograd.backward`); `gradTensors` are needed for non-scalar tensors.
 *
 * @example
 * ```ts
 * autograd.backward([loss1, loss2]); // same as (loss1 + loss2).backward()
 * ```
 */
export function backward(
  tensors: Tensor | readonly Tensor[],
  gradTensors?: Tensor | readonly (Tensor | null | undefined)[] | null,
  options: AutogradBackwardOptions = {},
): void {
  const outs = asList(tensors);
  let inputs: readonly Tensor[] | undefined;
  if (options.inputs !== undefined) {
    inputs = asList(options.inputs);
    if (inputs.length === 0) throw new RuntimeError("'inputs' argument to backward() cannot be empty.");
  }
  runBackward(outs, gradList(outs, gradTensors), {
    retainGraph: options.retainGraph,
    createGraph: options.createGraph,
    inputs,
    accumulate: true,
  });
}
