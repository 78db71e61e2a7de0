/**
 * The derivative table: for each recorded op name, the PyTorch node name, what to save in
 * the forward pass and how to compute input gradients. The op families in this folder fill
 * it with {@link defineDerivative}.
 * @module
 */
import type { Tensor } from '@torchts/core';
import type { TensorMeta } from '../node.js';
import type { SavedTensor } from '../saved-tensor.js';

/** Recorded arguments of an op (see the comment at the top of each core op file). */
export type OpArgs = Readonly<Record<string, unknown>>;

/** What a derivative sees when its op is recorded. */
export interface RecordContext {
  /** The op's tensor inputs (null for scalar operands). For in-place ops, input 0 is the old self. */
  readonly inputs: readonly (Tensor | null)[];
  /** The op's outputs. */
  readonly outputs: readonly Tensor[];
  /** The op's recorded arguments. */
  readonly args: OpArgs;
  /** Per input: whether a gradient must flow to it. */
  readonly needs: readonly boolean[];
  /** Saves a tensor for backward (values checked against in-place changes, freed after backward). */
  save(t: Tensor): SavedTensor;
}

/** What a derivative sees in backward. */
export interface BackwardContext<S> {
  /** What `save` returned. */
  readonly saved: S;
  /** The op's recorded arguments. */
  readonly args: OpArgs;
  /** Per input: whether its gradient is needed (null may be returned where it is not). */
  readonly needs: readonly boolean[];
  /** Per input: shape/dtype/device (null where no gradient flows). */
  readonly inputMeta: readonly (TensorMeta | null)[];
  /** Per output: shape/dtype/device. */
  readonly outputMeta: readonly TensorMeta[];
}

/** One entry of the derivative table. */
export interface Derivative<S = unknown> {
  /** The node name (`'AddBackward0'`), or a function of the args (`sum` with or without dims). */
  name: string | ((args: OpArgs, inputs: readonly (Tensor | null)[]) => string);
  /** Saves what backward needs; runs after the outputs got their `gradFn`. */
  save?(r: RecordContext): S;
  /**
   * Input gradients from output gradients. Gradients may be returned unreduced over
   * broadcast dims and in another dtype: the engine sums and casts them to each input's
   * shape and dtype, as PyTorch's `validate_outputs` does. Written with differentiable
   * ops, so `createGraph: true` gives higher-order gradients.
   */
  backward(ctx: BackwardContext<S>, grads: readonly Tensor[]): (Tensor | null | undefined)[];
}

const table = new Map<string, Derivative<never>>();

/** Registers the derivative of op `op`. */
export function defineDerivative<S>(op: string, d: Derivative<S>): void {
  table.set(op, d as Derivative<never>);
}

/** The derivative of op `op`, or undefined. */
export function derivativeOf(op: string): Derivative<unknown> | undefined {
  return table.get(op) as Derivative<unknown> | undefined;
}

/** Every op name that has a derivative. */
export function differentiableOps(): string[] {
  return [...table.keys()].sort();
}
