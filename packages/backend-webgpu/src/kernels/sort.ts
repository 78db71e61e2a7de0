/**
 * `sort` along one dim: a stable merge sort of each line's indices, one dispatch per merge pass
 * (runs of width 1, 2, 4, ... merged into runs twice as long), with one invocation per element
 * that finds its place in the merged run by binary search in the other run. Every invocation does
 * O(log n) work, so long lines sort in parallel (and within the loop limits of software
 * adapters). NaN sorts as the largest value (first when descending); ties keep their order.
 * @module
 */
import { int32, type View } from '@torchts/core';
import { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';
import { contiguousStrides, elementwise, numelOf } from '../strided.js';
import { wgslType } from '../wgsl/dtype.js';
import { copy } from './copy.js';

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
  const lines = numelOf(src.shape) / (L || 1);
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
  // Lines first, the sorted dim last; the sorted dim's stride is 0 so that o_<name> is the line's start.
  const order = [...src.shape.keys()].filter((d) => d !== dim);
  const shape = [...order.map((d) => src.shape[d]!), L];
  const lineView = (v: View): View => ({ buffer: v.buffer, shape, strides: [...order.map((d) => v.strides[d]!), 0], offset: v.offset });
  const N = lines * L;
  const tmp = new WebGpuBuffer(int32, 2 * N, rt.pool.acquire(8 * N));
  const tmpView: View = { buffer: tmp, shape, strides: shape.map(() => 0), offset: 0 };
  const T = wgslType(src.buffer.dtype);
  const float = T === 'f32';
  // before(x, y): x must come strictly before y.
  const before = descending
    ? float ? '!is_nan(y) && (is_nan(x) || x > y)' : 'x > y'
    : float ? '!is_nan(x) && (is_nan(y) || x < y)' : 'x < y';
  const helpers = `fn key(base: i32, q: i32) -> ${T} { return ld_src(base + q * p(XP + 1)); }
fn before(x: ${T}, y: ${T}) -> bool { return ${before}; }`;
  let from = 0;
  for (let width = 1; width < L; width *= 2) {
    const to = from === 0 ? N : 0;
    elementwise(rt, {
      key: `sort:merge:${descending ? 'desc' : 'asc'}`,
      shape,
      operands: [{ name: 'src', view: lineView(keys), access: 'read' }, { name: 'tmp', view: tmpView, access: 'write' }],
      orderBy: -1,
      helpers,
      body: `let L = p(XP);
  let w = p(XP + 2);
  let fr = p(XP + 3);
  let line = (li / L) * L;
  let i = li % L;
  var q = i;
  if (w > 1) { q = ld_tmp(fr + li); }
  let x = key(o_src, q);
  let lo = (i / (2 * w)) * 2 * w;
  let mid = min(lo + w, L);
  let hi = min(lo + 2 * w, L);
  var a = mid;
  var b = hi;
  var rank = i - lo;
  if (i >= mid) { a = lo; b = mid; rank = i - mid; }
  let left = i < mid;
  // Count the other run's elements that go first: strictly before x for a left element,
  // not after x for a right one (ties: left first).
  var n0 = a;
  var n1 = b;
  while (n0 < n1) {
    let m = (n0 + n1) / 2;
    var qm = m;
    if (w > 1) { qm = ld_tmp(fr + line + m); }
    let y = key(o_src, qm);
    var first: bool;
    if (left) { first = before(y, x); } else { first = !before(x, y); }
    if (first) { n0 = m + 1; } else { n1 = m; }
  }
  st_tmp(p(XP + 4) + line + lo + rank + (n0 - a), q);`,
      extra: [L, keys.strides[dim]!, width, from, to],
    });
    from = to;
  }
  elementwise(rt, {
    key: `sort:write:${descending ? 'desc' : 'asc'}`,
    shape,
    operands: [
      { name: 'src', view: lineView(keys), access: 'read' },
      { name: 'tmp', view: tmpView, access: 'read' },
      { name: 'values', view: { ...lineView(values), strides: [...order.map((d) => values.strides[d]!), values.strides[dim]!] }, access: 'write' },
      { name: 'indices', view: { ...lineView(indices), strides: [...order.map((d) => indices.strides[d]!), indices.strides[dim]!] }, access: 'write' },
    ],
    orderBy: -1,
    helpers,
    body: `var q = li % p(XP);
  if (p(XP + 2) > 1) { q = ld_tmp(p(XP + 3) + li); }
  st_values(o_values, key(o_src, q));
  st_indices(o_indices, q);`,
    extra: [L, keys.strides[dim]!, L > 1 ? 2 : 1, from],
  });
  rt.pool.release(tmp.gpu);
  if (staged) rt.pool.release(staged.gpu);
}
