/**
 * The node of a recorded core op: its derivative from the table, the arguments the op
 * recorded and the tensors it saved.
 * @module
 */
import { isTensor, keep, RuntimeError, type Tensor } from '@torchts/core';
import type { Derivative, OpArgs } from './derivatives/registry.js';
import { Node } from './node.js';
import { FREED_GRAPH_MESSAGE, type SavedTensor } from './saved-tensor.js';

/** A kept alias of a tensor held in an op's args (an index, a mask), so tidy() cannot free it. */
function holdTensor(t: Tensor, held: Tensor[]): Tensor {
  const alias = keep(t.detach());
  held.push(alias);
  return alias;
}

/**
 * The args with every tensor in them (directly or in an array) replaced by a kept alias,
 * or the args themselves when they hold no tensor.
 */
function holdArgs(args: OpArgs, held: Tensor[]): OpArgs {
  let out: Record<string, unknown> | null = null;
  for (const key in args) {
    const v = args[key];
    let replaced: unknown = v;
    if (isTensor(v)) replaced = holdTensor(v, held);
    else if (Array.isArray(v) && v.some(isTensor)) {
      replaced = v.map((e: unknown) => (isTensor(e) ? holdTensor(e, held) : e));
    }
    if (replaced !== v) (out ??= { ...args })[key] = replaced;
  }
  return out ?? args;
}

/** A node whose backward comes from the derivative table. */
export class OpNode extends Node {
  /** What the derivative's `save` returned. */
  saved: unknown = undefined;
  /** Every tensor saved for backward, to free them after backward. */
  readonly savedTensors: SavedTensor[] = [];
  /** The op's recorded arguments (tensors in them held by kept aliases). */
  readonly args: OpArgs;
  private readonly heldTensors: Tensor[] = [];
  private released = false;

  constructor(
    /** The recorded op name (`'add'`, `'sum'`, ...). */
    readonly op: string,
    private readonly nodeName: string,
    readonly derivative: Derivative<unknown>,
    args: OpArgs,
  ) {
    super();
    this.args = holdArgs(args, this.heldTensors);
  }

  name(): string {
    return this.nodeName;
  }

  apply(grads: readonly Tensor[]): (Tensor | null | undefined)[] {
    if (this.released && this.heldTensors.length > 0) throw new RuntimeError(FREED_GRAPH_MESSAGE);
    const next = this.next;
    const needs = new Array<boolean>(next.length);
    for (let i = 0; i < next.length; i++) needs[i] = next[i] !== null;
    return this.derivative.backward(
      { saved: this.saved, args: this.args, needs, inputMeta: this.inputMeta, outputMeta: this.outputMeta },
      grads,
    );
  }

  override releaseVariables(): void {
    this.released = true;
    for (const s of this.savedTensors) s.release();
    for (const t of this.heldTensors) t.dispose();
  }
}

/** PyTorch's snake_case name of a camelCase op (`floorDivide` -> `floor_divide`). */
function snake(op: string): string {
  return op.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
}

/**
 * The node of an op without a derivative (PyTorch's `NotImplemented`): recording works,
 * backward through it fails with PyTorch's message.
 */
export class NotImplementedNode extends Node {
  constructor(readonly op: string) {
    super();
  }

  name(): string {
    return 'NotImplemented';
  }

  apply(): never {
    throw new RuntimeError(`derivative for aten::${snake(this.op)} is not implemented`);
  }
}
