/**
 * Indexing kernels driven by int64 index tensors: gather, scatter, scatterAdd, indexSelect.
 * Indices are data the host never sees, so an index out of range is reported by the kernel
 * (PyTorch's message, raised by the next read) and its element is skipped. scatterAdd adds with
 * atomics: `atomicAdd` on integers, a compare-exchange loop on the float's bits for floats.
 * @module
 */
import type { View } from '@torchts/core';
import { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';
import { contiguousStrides, elementwise, numelOf } from '../strided.js';
import { storeExpr, wgslType } from '../wgsl/dtype.js';
import { copy } from './copy.js';

function normDim(dim: number, nd: number): number {
  return dim < 0 ? dim + Math.max(nd, 1) : dim;
}

/** `view` re-shaped to `shape` with the stride of `dim` set to 0 (the index supplies it). */
function along(view: View, shape: readonly number[], dim: number): View {
  const strides = shape.map((_, d) => (d === dim ? 0 : view.strides[d] ?? 0));
  return { buffer: view.buffer, shape, strides, offset: view.offset };
}

const CHECK = `let j = ld_index(o_index);
  let size = p(XP);
  if (j < 0 || j >= size) { report(1, j, p(XP + 2), size); return; }`;

/** `out[i][j][k] = src[i][index[i][j][k]][k]` for dim 1 (and so on); out has index's shape. */
export function gather(rt: GpuRuntime, src: View, dim: number, index: View, out: View): void {
  dim = normDim(dim, src.shape.length);
  const size = src.shape.length === 0 ? 1 : src.shape[dim]!;
  elementwise(rt, {
    key: 'gather',
    shape: index.shape,
    operands: [
      { name: 'index', view: index, access: 'read' },
      { name: 'src', view: along(src, index.shape, dim), access: 'read' },
      { name: 'out', view: out, access: 'write' },
    ],
    body: `${CHECK}\n  st_out(o_out, ld_src(o_src + j * p(XP + 1)));`,
    extra: [size, src.strides[dim] ?? 0, dim],
    status: true,
  });
}

/** `out[i][index[i][j][k]][k] = src[i][j][k]` for dim 1; modifies `out` in place. */
export function scatter(rt: GpuRuntime, out: View, dim: number, index: View, src: View): void {
  dim = normDim(dim, out.shape.length);
  const size = out.shape.length === 0 ? 1 : out.shape[dim]!;
  elementwise(rt, {
    key: 'scatter',
    shape: index.shape,
    operands: [
      { name: 'index', view: index, access: 'read' },
      { name: 'src', view: { ...src, shape: index.shape }, access: 'read' },
      { name: 'out', view: along(out, index.shape, dim), access: 'write' },
    ],
    body: `${CHECK}\n  st_out(o_out + j * p(XP + 1), ld_src(o_src));`,
    extra: [size, out.strides[dim] ?? 0, dim],
    status: true,
    orderBy: 0,
  });
}

/** `out[i][index[i][j][k]][k] += src[i][j][k]` for dim 1; modifies `out` in place. */
export function scatterAdd(rt: GpuRuntime, out: View, dim: number, index: View, src: View): void {
  dim = normDim(dim, out.shape.length);
  const size = out.shape.length === 0 ? 1 : out.shape[dim]!;
  const dt = out.buffer.dtype;
  // The atomic view of `out` cannot share a binding: stage inputs that live in out's buffer.
  const temps: WebGpuBuffer[] = [];
  const own = (v: View): View => {
    if (v.buffer !== out.buffer) return v;
    const n = numelOf(v.shape);
    const tmp = new WebGpuBuffer(v.buffer.dtype, n, rt.pool.acquire(n * 4));
    temps.push(tmp);
    const t: View = { buffer: tmp, shape: v.shape, strides: contiguousStrides(v.shape), offset: 0 };
    copy(rt, v, t);
    return t;
  };
  const idx = own(index), s = own({ ...src, shape: index.shape });
  const float = wgslType(dt) === 'f32';
  elementwise(rt, {
    key: 'scatterAdd',
    shape: index.shape,
    operands: [
      { name: 'index', view: idx, access: 'read' },
      { name: 'src', view: s, access: 'read' },
      { name: 'out', view: along(out, index.shape, dim), access: 'atomic' },
    ],
    body: (b) => `${CHECK}
  let q = o_out + j * p(XP + 1);
  let v = ld_src(o_src);
  ${float ? `var old = atomicLoad(&${b.buf('out')}[q]);
  loop {
    let nv = bitcast<u32>(${storeExpr(dt, 'bitcast<f32>(old) + v')});
    let r = atomicCompareExchangeWeak(&${b.buf('out')}[q], old, nv);
    if (r.exchanged) { break; }
    old = r.old_value;
  }` : `atomicAdd(&${b.buf('out')}[q], v);`}`,
    extra: [size, out.strides[dim] ?? 0, dim],
    status: true,
    orderBy: 0,
  });
  for (const t of temps) rt.pool.release(t.gpu);
  if (!float && storeExpr(dt, 'v') !== 'v') {
    // Narrow integers and bool: wrap the sums to the dtype's width.
    elementwise(rt, {
      key: 'rewrap',
      shape: out.shape,
      operands: [{ name: 'out', view: out, access: 'write' }],
      body: 'st_out(o_out, ld_out(o_out));',
    });
  }
}

/** Selects the entries of `src` along `dim` at the 1-d int64 `index` into `out`. */
export function indexSelect(rt: GpuRuntime, src: View, dim: number, index: View, out: View): void {
  const nd = src.shape.length;
  dim = normDim(dim, nd);
  const size = nd === 0 ? 1 : src.shape[dim]!;
  const idxView: View = { buffer: index.buffer, shape: out.shape,
    strides: out.shape.map((_, d) => (d === dim ? (index.strides[0] ?? 0) : 0)), offset: index.offset };
  elementwise(rt, {
    key: 'indexSelect',
    shape: out.shape,
    operands: [
      { name: 'index', view: idxView, access: 'read' },
      { name: 'src', view: along(src, out.shape, dim), access: 'read' },
      { name: 'out', view: out, access: 'write' },
    ],
    body: `let j = ld_index(o_index);
  if (j < 0 || j >= p(XP)) { report(2, j, 0, 0); return; }
  st_out(o_out, ld_src(o_src + j * p(XP + 1)));`,
    extra: [size, src.strides[dim] ?? 0],
    status: true,
  });
}
