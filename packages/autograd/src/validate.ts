/**
 * Shaping gradients to what their inputs expect (PyTorch's `validate_outputs`): a gradient
 * of a broadcast shape is summed back, one of another dtype or device is converted.
 * @module
 */
import { RuntimeError, type Tensor } from '@torchts/core';
import type { TensorMeta } from './node.js';
import { isExpandableTo, sumToShape } from './sum-to-shape.js';

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Returns `grad` with `meta`'s shape, dtype and device; `who` names the node in the
 * error when the shapes cannot be reconciled.
 */
export function validateGrad(grad: Tensor, meta: TensorMeta, who: () => string, index: number): Tensor {
  let g = grad;
  if (!sameShape(g._shape, meta.shape)) {
    if (!isExpandableTo(meta.shape, g._shape)) {
      throw new RuntimeError(
        `Function ${who()} returned an invalid gradient at index ${index} - got [${g._shape.join(', ')}] but expected shape compatible with [${meta.shape.join(', ')}]`,
      );
    }
    g = sumToShape(g, meta.shape);
  }
  if (g.dtype !== meta.dtype) g = g.to(meta.dtype);
  if (!g.device.equals(meta.device)) g = g.to(meta.device);
  return g;
}
