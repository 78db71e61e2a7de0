/**
 * The reference backend's buffers and element access through strided views.
 * @module
 */
import type { BackendBuffer, DType, TypedArray, View } from '@torchts/core';
import { roundTo } from './round.js';

/** A reference buffer: the dtype's CPU TypedArray (see {@link DType}), plus a freed flag. */
export class ReferenceBuffer implements BackendBuffer {
  /** Set by `free`; any later use throws, to catch use-after-free in the code under test. */
  freed = false;
  constructor(
    readonly dtype: DType,
    /** The elements, stored as core stores them on the CPU (float16 and bfloat16 in a Float32Array, ...). */
    readonly data: TypedArray,
  ) {}
  get numel(): number {
    return this.data.length;
  }
}

/** The TypedArray behind a reference buffer; throws for foreign or freed buffers. */
export function dataOf(buffer: BackendBuffer): TypedArray {
  if (!(buffer instanceof ReferenceBuffer)) throw new TypeError('not a reference backend buffer');
  if (buffer.freed) throw new Error('reference buffer used after free');
  return buffer.data;
}

/** Number of elements of a shape (1 for a scalar, 0 when any dim is 0). */
export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Every index of `shape` in row-major order, as fresh arrays. */
export function indicesOf(shape: readonly number[]): number[][] {
  const out: number[][] = [];
  const n = numelOf(shape);
  for (let flat = 0; flat < n; flat++) {
    const idx = new Array<number>(shape.length);
    let rest = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      idx[d] = rest % shape[d];
      rest = Math.floor(rest / shape[d]);
    }
    out.push(idx);
  }
  return out;
}

/** Storage position of element `idx` of a view. */
export function offsetOf(view: View, idx: readonly number[]): number {
  let o = view.offset;
  for (let d = 0; d < idx.length; d++) o += idx[d] * view.strides[d];
  return o;
}

/** Element `idx` of a view, as a float64 number. */
export function getAt(view: View, idx: readonly number[]): number {
  return dataOf(view.buffer)[offsetOf(view, idx)];
}

/** Stores `value` at element `idx` of a view, rounded to the view's dtype. */
export function setAt(view: View, idx: readonly number[], value: number): void {
  dataOf(view.buffer)[offsetOf(view, idx)] = roundTo(view.buffer.dtype, value);
}

/** `idx` with entry `dim` replaced by `i`. */
export function withDim(idx: readonly number[], dim: number, i: number): number[] {
  const r = idx.slice();
  r[dim] = i;
  return r;
}
