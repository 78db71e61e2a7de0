/**
 * `copy`: strided to strided with PyTorch's casts (see `castExpr`): float to integer truncates,
 * NaN and out-of-range values giving -2^31 before narrowing; anything to bool is `!= 0`;
 * anything to float16 rounds to half.
 * @module
 */
import type { View } from '@torchts/core';
import { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';
import { contiguousStrides, elementwise, isContiguous, numelOf } from '../strided.js';
import { castExpr } from '../wgsl/dtype.js';

/** Whether two views of one buffer address different elements for the same index. */
function movesWithin(src: View, out: View): boolean {
  return src.buffer === out.buffer &&
    (src.offset !== out.offset || src.strides.some((s, d) => s !== out.strides[d] && out.shape[d] !== 1));
}

/** Copies `src` into `out` (same shape), converting to out's dtype. */
export function copy(rt: GpuRuntime, src: View, out: View): void {
  const n = numelOf(out.shape);
  if (n === 0) return;
  const from = src.buffer.dtype, to = out.buffer.dtype;
  if (movesWithin(src, out)) {
    // Overlapping source and destination: go through a temporary, as memmove does.
    const tmp = rt.pool.acquire(n * 4);
    const tmpView: View = { buffer: new WebGpuBuffer(from, n, tmp), shape: out.shape, strides: contiguousStrides(out.shape), offset: 0 };
    copy(rt, src, tmpView);
    copy(rt, tmpView, out);
    rt.pool.release(tmp);
    return;
  }
  if (src.buffer === out.buffer) return; // the very same elements: nothing to do
  if (from === to && isContiguous(src) && isContiguous(out)) {
    rt.copyBuffer((src.buffer as WebGpuBuffer).gpu, src.offset * 4, (out.buffer as WebGpuBuffer).gpu, out.offset * 4, n * 4);
    return;
  }
  elementwise(rt, {
    key: 'copy',
    shape: out.shape,
    operands: [{ name: 'src', view: src, access: 'read' }, { name: 'out', view: out, access: 'write' }],
    body: `st_out(o_out, ${castExpr(from, to, 'ld_src(o_src)')});`,
  });
}
