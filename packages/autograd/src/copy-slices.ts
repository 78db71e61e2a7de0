/**
 * `CopySlices`: the node a base tensor gets when one of its views is modified in place
 * (`x[0].mul_(2)`), as in PyTorch. Its gradient is the base's gradient with the view's part
 * replaced by what the in-place op's own derivative makes of it.
 * @module
 */
import type { Tensor } from '@torchts/core';
import { asStrided, emptyStrided, type Geometry } from './as-strided.js';
import { edgeOf } from './graph.js';
import { metaOf, Node, type TensorMeta } from './node.js';
import { validateGrad } from './validate.js';

/** A contiguous copy of `t` (clone() keeps the strides of dense permuted tensors). */
function contiguousCopy(t: Tensor): Tensor {
  const c = t.clone();
  return c.isContiguous() ? c : c.contiguous();
}

/**
 * The `gradFn` of a base after an in-place op on its view. `fn` is the in-place op's node
 * (its input 0 is the view's old value); the other inputs of `fn` are inputs of this node too.
 */
export class CopySlices extends Node {
  private readonly baseShape: readonly number[];
  private readonly baseStrides: readonly number[];
  private readonly baseContiguous: boolean;
  /** The view's geometry relative to the base. */
  readonly view: Geometry;
  private readonly viewMeta: TensorMeta;

  constructor(base: Tensor, view: Tensor, readonly fn: Node) {
    super();
    this.baseShape = [...base._shape];
    this.baseStrides = [...base._strides];
    this.baseContiguous = base.isContiguous();
    this.view = { shape: [...view._shape], strides: [...view._strides], offset: view._offset - base._offset };
    this.viewMeta = metaOf(view);
    this.next = [edgeOf(base), ...fn.next.slice(1)];
    this.inputMeta = [metaOf(base), ...fn.inputMeta.slice(1)];
    this.outputMeta = [metaOf(base)];
  }

  name(): string {
    return 'CopySlices';
  }

  apply(grads: readonly Tensor[]): (Tensor | null | undefined)[] {
    const grad = grads[0]!;
    // The base's gradient laid out like the base, so the view's geometry addresses it.
    const result = this.baseContiguous
      ? contiguousCopy(grad)
      : emptyStrided(this.baseShape, this.baseStrides, grad).copy_(grad);
    const slice = asStrided(result, this.view);
    const res = this.fn.apply([slice.clone()]);
    const g0 = res[0];
    if (g0) {
      slice.copy_(validateGrad(g0, this.viewMeta, () => this.fn.name(), 0));
    } else {
      slice.zero_();
    }
    const out: (Tensor | null | undefined)[] = [result];
    for (let i = 1; i < res.length; i++) out.push(res[i]);
    return out;
  }

  override releaseVariables(): void {
    this.fn.releaseVariables();
  }
}
