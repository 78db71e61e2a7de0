/**
 * `sort` along one dim: each line is sorted by one invocation, a stable bottom-up merge sort of
 * the line's indices in a temporary buffer (insertion-sorted runs of 8, then merges), NaN
 * sorting as the largest value (first when descending), equal values keeping their order.
 * @module
 */
import type { View } from '@torchts/core';
import { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';
import { contiguousStrides, elementwise, numelOf } from '../strided.js';
import { wgslType } from '../wgsl/dtype.js';
import { copy } from './copy.js';
import { int32 } from '@torchts/core';

/**
 * Sorts `src` along `dim` (stable), writing the sorted values and their int64 source indices.
 */
export function sort(rt: GpuRuntime, src: View, dim: number, descending: boolean, values: View, indices: View): void {
  const nd = src.shape.length;
  if (nd === 0) {
    copy(rt, src, values);
    elementwise(rt, { key: 'sort:zero', shape: [], operands: [{ name: 'out', view: indices, access: 'write' }], body: 'st_out(o_out, 0);' });
    return;
  }
  if (dim < 0) dim += nd;
  const L = src.shape[dim]!;
  const slice = src.shape.map((n, d) => (d === dim ? 1 : n));
  const lines = numelOf(slice);
  if (L === 0 || lines === 0) return;
  let keys = src;
  let staged: WebGpuBuffer | null = null;
  if (src.buffer === values.buffer || src.buffer === indices.buffer) {
    // Sorting in place: read the keys from a copy.
    const n = numelOf(src.shape);
    staged = new WebGpuBuffer(src.buffer.dtype, n, rt.pool.acquire(n * 4));
    keys = { buffer: staged, shape: src.shape, strides: contiguousStrides(src.shape), offset: 0 };
    copy(rt, src, keys);
  }
  const tmp = new WebGpuBuffer(int32, lines * L * 2, rt.pool.acquire(lines * L * 8));
  const float = wgslType(src.buffer.dtype) === 'f32';
  // before(x, y): x must come strictly before y.
  const before = descending
    ? float ? 'x > y || (is_nan(x) && !is_nan(y))' : 'x > y'
    : float ? 'x < y || (is_nan(y) && !is_nan(x))' : 'x < y';
  const at = (v: View): View => ({ ...v, shape: slice });
  elementwise(rt, {
    key: `sort:${descending ? 'desc' : 'asc'}`,
    shape: slice,
    operands: [
      { name: 'src', view: at(keys), access: 'read' },
      { name: 'values', view: at(values), access: 'write' },
      { name: 'indices', view: at(indices), access: 'write' },
      { name: 'tmp', view: { buffer: tmp, shape: slice, strides: slice.map(() => 0), offset: 0 }, access: 'write' },
    ],
    helpers: `fn key(base: i32, ss: i32, q: i32) -> ${wgslType(src.buffer.dtype)} { return ld_src(base + q * ss); }`,
    body: `let L = p(XP);
  let ss = p(XP + 1);
  let vs = p(XP + 2);
  let xs = p(XP + 3);
  var fr = li * L * 2;
  var dst = fr + L;
  for (var j = 0; j < L; j = j + 1) { st_tmp(fr + j, j); }
  for (var lo = 0; lo < L; lo = lo + 8) {
    let hi = min(lo + 8, L);
    for (var i = lo + 1; i < hi; i = i + 1) {
      let q = ld_tmp(fr + i);
      let x = key(o_src, ss, q);
      var j = i - 1;
      loop {
        if (j < lo) { break; }
        let y = key(o_src, ss, ld_tmp(fr + j));
        if (!(${before})) { break; }
        st_tmp(fr + j + 1, ld_tmp(fr + j));
        j = j - 1;
      }
      st_tmp(fr + j + 1, q);
    }
  }
  for (var width = 8; width < L; width = width * 2) {
    for (var lo = 0; lo < L; lo = lo + 2 * width) {
      let mid = min(lo + width, L);
      let hi = min(lo + 2 * width, L);
      var i = lo;
      var j = mid;
      var k = lo;
      while (i < mid && j < hi) {
        let qi = ld_tmp(fr + i);
        let qj = ld_tmp(fr + j);
        let x = key(o_src, ss, qj);
        let y = key(o_src, ss, qi);
        if (${before}) { st_tmp(dst + k, qj); j = j + 1; } else { st_tmp(dst + k, qi); i = i + 1; }
        k = k + 1;
      }
      while (i < mid) { st_tmp(dst + k, ld_tmp(fr + i)); i = i + 1; k = k + 1; }
      while (j < hi) { st_tmp(dst + k, ld_tmp(fr + j)); j = j + 1; k = k + 1; }
    }
    let t = fr;
    fr = dst;
    dst = t;
  }
  for (var j = 0; j < L; j = j + 1) {
    let q = ld_tmp(fr + j);
    st_values(o_values + j * vs, key(o_src, ss, q));
    st_indices(o_indices + j * xs, q);
  }`,
    extra: [L, keys.strides[dim]!, values.strides[dim]!, indices.strides[dim]!],
  });
  rt.pool.release(tmp.gpu);
  if (staged) rt.pool.release(staged.gpu);
}
