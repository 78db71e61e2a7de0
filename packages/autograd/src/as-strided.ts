/**
 * Strided views by geometry (PyTorch's `as_strided`) and their derivative
 * `AsStridedBackward0`: what a view becomes after an in-place op on it, and how
 * `CopySlices` finds the view's part of its base's gradient.
 * @module
 */
import { empty, fromTypedArray, isGradEnabled, zeros, type Tensor } from '@torchts/core';
import { attachOutputs, connectInputs } from './graph.js';
import { Node } from './node.js';

/** Shape, strides and storage offset of a strided view. */
export interface Geometry {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  /** Storage offset, relative to the tensor the view is taken of. */
  readonly offset: number;
}

/** Number of storage elements a geometry spans from its offset (0 when empty). */
export function extentOf(g: Geometry): number {
  let span = 1;
  for (let i = 0; i < g.shape.length; i++) {
    const s = g.shape[i]!;
    if (s === 0) return 0;
    span += (s - 1) * Math.abs(g.strides[i]!);
  }
  return span;
}

/** Whether two elements of the geometry share a storage element (as an expanded view). */
export function hasOverlap(g: Geometry): boolean {
  const dims: [number, number][] = [];
  for (let i = 0; i < g.shape.length; i++) {
    const s = g.shape[i]!;
    if (s === 0) return false;
    if (s > 1) dims.push([Math.abs(g.strides[i]!), s]);
  }
  dims.sort((a, b) => a[0] - b[0]);
  let reach = 0; // largest offset reached by the smaller-stride dims
  for (const [stride, size] of dims) {
    if (stride <= reach) return true;
    reach += (size - 1) * stride;
  }
  return false;
}

/**
 * A view of `t` with geometry `g` (offset relative to t's), recorded as `AsStridedBackward0`
 * when `t` requires grad.
 */
export function asStrided(t: Tensor, g: Geometry): Tensor {
  const out = t._viewAs([...g.shape], [...g.strides], t._offset + g.offset);
  if (isGradEnabled() && t._requiresGrad) {
    const node = new AsStridedBackward({ shape: t._shape, strides: t._strides, offset: 0 }, g);
    connectInputs(node, [t]);
    attachOutputs(node, [out]);
  }
  return out;
}

/** An uninitialised tensor with the given strides (PyTorch's `empty_strided`). */
export function emptyStrided(shape: readonly number[], strides: readonly number[], like: Tensor): Tensor {
  const flat = empty([extentOf({ shape, strides, offset: 0 })], { dtype: like.dtype, device: like.device });
  return flat._viewAs([...shape], [...strides], 0);
}

/**
 * `AsStridedBackward0`: scatters the gradient of a strided view back over the positions of
 * its input. Elements the view reads twice (an expanded view) get their gradients summed.
 */
export class AsStridedBackward extends Node {
  constructor(
    /** The input's geometry (offset 0: positions are relative to the input's offset). */
    readonly input: Geometry,
    /** The view's geometry, relative to the input's offset. */
    readonly output: Geometry,
  ) {
    super();
  }

  name(): string {
    return 'AsStridedBackward0';
  }

  apply(grads: readonly Tensor[]): Tensor[] {
    const g = grads[0]!;
    const size = Math.max(extentOf(this.input), this.output.offset + extentOf(this.output));
    let flat: Tensor;
    if (!hasOverlap(this.output)) {
      flat = zeros([size], { dtype: g.dtype, device: g.device });
      flat._viewAs([...this.output.shape], [...this.output.strides], this.output.offset).copy_(g);
    } else {
      flat = scatterAddOverlapping(g, this.output, size);
    }
    return [asStrided(flat, this.input)];
  }
}

/** Sums `g`'s elements into a flat buffer at the geometry's positions (not differentiable). */
function scatterAddOverlapping(g: Tensor, geom: Geometry, size: number): Tensor {
  const values = g.contiguous().toTypedArray();
  const acc = new Float64Array(size);
  const { shape, strides } = geom;
  const n = shape.length;
  const idx = new Array<number>(n).fill(0);
  let pos = geom.offset;
  for (let k = 0; k < values.length; k++) {
    acc[pos] = acc[pos]! + Number(values[k]);
    for (let d = n - 1; d >= 0; d--) {
      idx[d]!++;
      pos += strides[d]!;
      if (idx[d]! < shape[d]!) break;
      pos -= strides[d]! * shape[d]!;
      idx[d] = 0;
    }
  }
  return fromTypedArray(acc).to(g.device, g.dtype);
}
