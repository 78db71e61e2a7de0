/**
 * Recording: what happens when a core op runs with grad mode on and an input that
 * requires grad. The op becomes a node; in-place ops on views rewire the base
 * (`CopySlices`) and the view (`AsStridedBackward0`), as in PyTorch.
 * @module
 */
import { RuntimeError, type OpRecord, type Tensor } from '@torchts/core';
import { AsStridedBackward } from './as-strided.js';
import { CopySlices } from './copy-slices.js';
import { derivativeOf, type RecordContext } from './derivatives/registry.js';
import { attachOutputs, connectInputs, isDifferentiable } from './graph.js';
import { metaOf, Node } from './node.js';
import { NotImplementedNode, OpNode } from './op-node.js';
import { SavedTensor } from './saved-tensor.js';

function createNode(rec: OpRecord): Node {
  const d = derivativeOf(rec.op);
  if (!d) return new NotImplementedNode(rec.op);
  const name = typeof d.name === 'string' ? d.name : d.name(rec.args, rec.inputs);
  return new OpNode(rec.op, name, d, rec.args);
}

/** Runs the derivative's `save` step (after the outputs got their gradFn). */
function saveFor(node: Node, rec: OpRecord): void {
  if (!(node instanceof OpNode) || !node.derivative.save) return;
  const list = node.savedTensors;
  const needs = node.next.map((e) => e !== null);
  const ctx: RecordContext = {
    inputs: rec.inputs,
    outputs: rec.outputs,
    args: rec.args,
    needs,
    save(t: Tensor): SavedTensor {
      const s = new SavedTensor(t);
      list.push(s);
      return s;
    },
  };
  node.saved = node.derivative.save(ctx);
}

/** The `record` hook: makes a node for an out-of-place op and attaches it to the outputs. */
export function recordOp(rec: OpRecord): void {
  let anyDifferentiable = false;
  for (const o of rec.outputs) if (isDifferentiable(o)) anyDifferentiable = true;
  if (!anyDifferentiable) return;
  const node = createNode(rec);
  if (!connectInputs(node, rec.inputs)) return;
  attachOutputs(node, rec.outputs);
  saveFor(node, rec);
}

/**
 * The `recordInplace` hook. `inputs[0]` is a snapshot of self before the op (old values,
 * old graph identity); `outputs[0]` is self. When self is a view, the base gets a
 * `CopySlices` node and self an `AsStridedBackward0` node on top of it.
 */
export function recordInplaceOp(rec: OpRecord): void {
  const self = rec.outputs[0]!;
  if (!isDifferentiable(self)) return;
  const node = createNode(rec);
  if (!connectInputs(node, rec.inputs)) return;
  const base = self._base;
  if (!base) {
    attachOutputs(node, [self]);
  } else {
    if (base._requiresGrad && base.gradFn === null) {
      throw new RuntimeError('a view of a leaf Variable that requires grad is being used in an in-place operation.');
    }
    node.outputMeta = [metaOf(self)];
    const copySlices = new CopySlices(base, self, node);
    attachOutputs(copySlices, [base]);
    const viewNode = new AsStridedBackward(
      { shape: base._shape, strides: base._strides, offset: 0 },
      { shape: [...self._shape], strides: [...self._strides], offset: self._offset - base._offset },
    );
    viewNode.next = [{ node: copySlices, inputNr: 0 }];
    viewNode.inputMeta = [metaOf(base)];
    attachOutputs(viewNode, [self]);
  }
  saveFor(node, rec);
}
