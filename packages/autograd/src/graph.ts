/**
 * Wiring nodes into the graph: the edge a tensor's gradient flows along, and attaching a
 * node to the outputs it produced.
 * @module
 */
import type { Tensor } from '@torchts/core';
import { accumulatorOf } from './accumulate-grad.js';
import { type Edge, metaOf, type Node } from './node.js';

/**
 * The edge the gradient of `t` flows along: its `gradFn` (at its output index) for results
 * of recorded ops, its AccumulateGrad for leaves that require grad, null otherwise.
 */
export function edgeOf(t: Tensor | null | undefined): Edge | null {
  if (!t || !t._requiresGrad) return null;
  const fn = t.gradFn as Node | null;
  if (fn) return { node: fn, inputNr: t._outputNr };
  return { node: accumulatorOf(t)!, inputNr: 0 };
}

/** Points `node` at `inputs` (edges and the metadata their gradients must match). */
export function connectInputs(node: Node, inputs: readonly (Tensor | null)[]): boolean {
  const n = inputs.length;
  const next = new Array<Edge | null>(n);
  const meta = new Array<ReturnType<typeof metaOf> | null>(n);
  let any = false;
  for (let i = 0; i < n; i++) {
    const t = inputs[i];
    const e = edgeOf(t);
    next[i] = e;
    meta[i] = e ? metaOf(t!) : null;
    if (e) any = true;
  }
  node.next = next;
  node.inputMeta = meta;
  return any;
}

/** Whether gradients flow through tensors of this tensor's dtype (floating point only). */
export function isDifferentiable(t: Tensor): boolean {
  return t.dtype.isFloatingPoint;
}

/** Makes `node` the `gradFn` of each differentiable output. */
export function attachOutputs(node: Node, outputs: readonly Tensor[]): void {
  const n = outputs.length;
  const meta = new Array<ReturnType<typeof metaOf>>(n);
  const refs = new Array<WeakRef<Tensor> | null>(n);
  for (let i = 0; i < n; i++) {
    const o = outputs[i]!;
    meta[i] = metaOf(o);
    if (isDifferentiable(o)) {
      o.gradFn = node;
      o._outputNr = i;
      o._requiresGrad = true;
      refs[i] = new WeakRef(o);
    } else refs[i] = null;
  }
  node.outputMeta = meta;
  node.outputRefs = refs;
}
