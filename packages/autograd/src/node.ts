/**
 * Graph nodes: what `t.gradFn` points to. A node turns the gradients of its outputs into
 * gradients of its inputs and knows where to send them (`nextFunctions`).
 * @module
 */
import type { Device, DType, GradFn, Tensor } from '@torchts/core';

/** Shape, dtype and device of a tensor, kept by nodes to check and shape gradients. */
export interface TensorMeta {
  /** The tensor's shape. */
  readonly shape: readonly number[];
  /** The tensor's dtype. */
  readonly dtype: DType;
  /** The tensor's device. */
  readonly device: Device;
}

/** @internal The metadata of `t`. */
export function metaOf(t: Tensor): TensorMeta {
  return { shape: t._shape, dtype: t.dtype, device: t.device };
}

/** Where a gradient goes: input `inputNr` of `node` (the producer's output index). */
export interface Edge {
  /** The node the gradient flows to. */
  readonly node: Node;
  /** Which input of that node the gradient is for. */
  readonly inputNr: number;
}

let nextSequenceNr = 0;

/**
 * A node of the autograd graph (PyTorch's `torch::autograd::Node`). Subclasses implement
 * {@link Node.apply}: gradients of the outputs in, gradients of the inputs out.
 */
export abstract class Node implements GradFn {
  /** Creation order: the engine runs later nodes first, as PyTorch does. */
  readonly sequenceNr: number = nextSequenceNr++;
  /** One edge per input; null where no gradient flows (constants, tensors not requiring grad). */
  next: (Edge | null)[] = [];
  /** Per input: what its gradient must look like (null where no gradient flows). */
  inputMeta: (TensorMeta | null)[] = [];
  /** Per output: shape/dtype/device, to make zeros for outputs that received no gradient. */
  outputMeta: TensorMeta[] = [];
  /**
   * Per output: the tensor, held weakly, so the engine can run its hooks and `retainGrad()`
   * without keeping intermediate results alive.
   */
  outputRefs: (WeakRef<Tensor> | null)[] | null = null;

  /** The node's name, as PyTorch names it (`'AddBackward0'`). */
  abstract name(): string;

  /**
   * Computes the gradients of the inputs from the gradients of the outputs (one per output;
   * the engine fills zeros where an output got none). Runs with grad mode on only when the
   * backward pass is itself recorded (`createGraph`).
   */
  abstract apply(grads: readonly Tensor[]): (Tensor | null | undefined)[];

  /** Whether the engine passes zeros for outputs that got no gradient (custom Functions decide themselves). */
  get materializeGrads(): boolean {
    return true;
  }

  /** Frees the tensors saved for backward (called after backward unless `retainGraph`). */
  releaseVariables(): void {}

  /** PyTorch's `next_functions`: `[node, inputNr]` per input, `[null, 0]` where no gradient flows. */
  get nextFunctions(): readonly (readonly [Node | null, number])[] {
    return this.next.map((e) => (e ? ([e.node, e.inputNr] as const) : ([null, 0] as const)));
  }

  /** `<AddBackward0 object>`, as Python prints a node. */
  toString(): string {
    return `<${this.name()} object>`;
  }

  /** @internal `console.log(node)`. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
