/**
 * Strided iteration shared by every kernel: a {@link Loop} walks up to four same-shaped strided
 * operands row by row, after dropping size-1 dims, ordering dims by one operand's strides and
 * merging dims that are contiguous in every operand, so that the kernel's inner loop runs over
 * the longest possible row with constant strides.
 * @module
 */
import type { View } from '@torchts/core';

/** Number of elements of a shape (1 for a 0-d shape). */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i];
  return n;
}

/** Row-major (C-contiguous) strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** Whether a view's elements are laid out row-major without gaps (size-1 dims may have any stride). */
export function isContiguous(view: View): boolean {
  const { shape, strides } = view;
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const n = shape[i];
    if (n === 1) continue;
    if (n === 0) return true;
    if (strides[i] !== expected) return false;
    expected *= n;
  }
  return true;
}

type Fn4 = (o0: number, o1: number, o2: number, o3: number) => void;

/**
 * A prepared walk over up to four strided operands of one shape.
 *
 * The kernel reads {@link Loop.n} (row length) and the inner strides `s0..s3` once, then calls
 * {@link Loop.forEach} with a row function that receives each row's starting offsets.
 *
 * @example
 * const loop = new Loop(out.shape, [a.strides, out.strides], [a.offset, out.offset], 1);
 * const { n, s0, s1 } = loop;
 * loop.forEach((ia, io) => { for (let k = 0; k < n; k++, ia += s0, io += s1) o[io] = f(x[ia]); });
 */
export class Loop {
  /** Length of each row (0 when the shape is empty). */
  readonly n: number;
  /** Inner (row) stride of operand 0. */
  readonly s0: number;
  /** Inner (row) stride of operand 1 (0 when absent). */
  readonly s1: number;
  /** Inner (row) stride of operand 2 (0 when absent). */
  readonly s2: number;
  /** Inner (row) stride of operand 3 (0 when absent). */
  readonly s3: number;
  /** Number of rows. */
  readonly rows: number;
  /** The dims after coalescing, outermost first; the last one is the row. */
  readonly shape: number[];
  /** Per operand, the strides of {@link Loop.shape}. */
  readonly strides: number[][];
  private readonly offsets: number[];

  /**
   * @param shape the common shape
   * @param strides each operand's strides for `shape` (0 for broadcast dims)
   * @param offsets each operand's starting offset
   * @param orderBy the operand whose strides decide the walk order (largest stride outermost), or -1
   *   to keep the given order
   */
  constructor(shape: readonly number[], strides: readonly (readonly number[])[], offsets: readonly number[],
    orderBy = -1) {
    const nops = strides.length;
    let dims: number[] = [];
    let empty = false;
    for (let d = 0; d < shape.length; d++) {
      if (shape[d] === 0) empty = true;
      if (shape[d] !== 1) dims.push(d);
    }
    if (orderBy >= 0 && dims.length > 1) {
      const ref = strides[orderBy];
      // Stable insertion sort: larger |stride| outer, so the row is the densest dim of `ref`.
      dims = dims.slice();
      for (let i = 1; i < dims.length; i++) {
        const d = dims[i];
        const key = Math.abs(ref[d]);
        let j = i - 1;
        while (j >= 0 && Math.abs(ref[dims[j]]) < key) {
          dims[j + 1] = dims[j];
          j--;
        }
        dims[j + 1] = d;
      }
    }
    // Merge from the innermost dim outward.
    const cshape: number[] = [];
    const cstrides: number[][] = [];
    for (let k = 0; k < nops; k++) cstrides.push([]);
    for (let i = dims.length - 1; i >= 0; i--) {
      const d = dims[i];
      const size = shape[d];
      const last = cshape.length - 1;
      if (last >= 0) {
        let merge = true;
        for (let k = 0; k < nops; k++) {
          const st = cstrides[k];
          if (strides[k][d] !== st[last] * cshape[last]) { merge = false; break; }
        }
        if (merge) {
          cshape[last] = cshape[last] * size;
          continue;
        }
      }
      cshape.push(size);
      for (let k = 0; k < nops; k++) cstrides[k].push(strides[k][d]);
    }
    cshape.reverse();
    for (const s of cstrides) s.reverse();
    if (cshape.length === 0) {
      cshape.push(1);
      for (const s of cstrides) s.push(0);
    }
    const nd = cshape.length;
    this.shape = cshape;
    this.strides = cstrides;
    this.n = empty ? 0 : cshape[nd - 1];
    this.s0 = nops > 0 ? cstrides[0][nd - 1] : 0;
    this.s1 = nops > 1 ? cstrides[1][nd - 1] : 0;
    this.s2 = nops > 2 ? cstrides[2][nd - 1] : 0;
    this.s3 = nops > 3 ? cstrides[3][nd - 1] : 0;
    let rows = 1;
    for (let d = 0; d < nd - 1; d++) rows *= cshape[d];
    this.rows = empty ? 0 : rows;
    this.offsets = offsets.slice();
  }

  /** Calls `fn` with the starting offsets of each row, in walk order. */
  forEach(fn: Fn4): void {
    const rows = this.rows;
    if (rows === 0 || this.n === 0) return;
    const off = this.offsets;
    let o0 = off[0] ?? 0, o1 = off[1] ?? 0, o2 = off[2] ?? 0, o3 = off[3] ?? 0;
    const nd = this.shape.length - 1; // outer dims
    if (nd === 0) {
      fn(o0, o1, o2, o3);
      return;
    }
    const z = [0];
    const st = this.strides;
    const t0 = st[0] ?? z, t1 = st[1] ?? z, t2 = st[2] ?? z, t3 = st[3] ?? z;
    if (nd === 1) {
      const a0 = t0[0] ?? 0, a1 = t1[0] ?? 0, a2 = t2[0] ?? 0, a3 = t3[0] ?? 0;
      for (let r = 0; r < rows; r++) {
        fn(o0, o1, o2, o3);
        o0 += a0; o1 += a1; o2 += a2; o3 += a3;
      }
      return;
    }
    const shape = this.shape;
    const cnt = new Int32Array(nd);
    const f0 = new Float64Array(nd), f1 = new Float64Array(nd), f2 = new Float64Array(nd), f3 = new Float64Array(nd);
    const b0 = new Float64Array(nd), b1 = new Float64Array(nd), b2 = new Float64Array(nd), b3 = new Float64Array(nd);
    for (let d = 0; d < nd; d++) {
      f0[d] = t0[d] ?? 0; f1[d] = t1[d] ?? 0; f2[d] = t2[d] ?? 0; f3[d] = t3[d] ?? 0;
      const m = shape[d];
      b0[d] = f0[d] * m; b1[d] = f1[d] * m; b2[d] = f2[d] * m; b3[d] = f3[d] * m;
    }
    for (let r = 0; r < rows; r++) {
      fn(o0, o1, o2, o3);
      let d = nd - 1;
      for (;;) {
        o0 += f0[d]; o1 += f1[d]; o2 += f2[d]; o3 += f3[d];
        if (++cnt[d] < shape[d]) break;
        o0 -= b0[d]; o1 -= b1[d]; o2 -= b2[d]; o3 -= b3[d];
        cnt[d] = 0;
        if (--d < 0) break;
      }
    }
  }
}

/** A loop over the elements of views that share `views[0]`'s shape, walked in the order of `orderBy`. */
export function loopOf(views: readonly View[], orderBy = 0): Loop {
  return new Loop(views[0].shape, views.map((v) => v.strides), views.map((v) => v.offset), orderBy);
}
