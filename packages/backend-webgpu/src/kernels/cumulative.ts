/**
 * `cumsum` / `cumprod` along one dim: one invocation scans each line, accumulating in the
 * output's type (float32 for floats, int32 wrapping for integers).
 * @module
 */
import type { View } from '@torchts/core';
import type { GpuRuntime } from '../runtime.js';
import { elementwise } from '../strided.js';
import { castExpr, wgslType } from '../wgsl/dtype.js';
import { copy } from './copy.js';

/** Inclusive cumulative sum (or product) of `src` along `dim` into `out` (same shape). */
export function cumulative(rt: GpuRuntime, op: 'sum' | 'prod', src: View, dim: number, out: View): void {
  const nd = src.shape.length;
  if (nd === 0) {
    copy(rt, src, out);
    return;
  }
  if (dim < 0) dim += nd;
  const L = src.shape[dim]!;
  if (L === 0) return;
  const slice = src.shape.map((n, d) => (d === dim ? 1 : n));
  const T = wgslType(out.buffer.dtype);
  elementwise(rt, {
    key: `cumulative:${op}`,
    shape: slice,
    operands: [{ name: 'src', view: { ...src, shape: slice }, access: 'read' }, { name: 'out', view: { ...out, shape: slice }, access: 'write' }],
    body: `var acc = ${T}(${op === 'sum' ? 0 : 1});
  let L = p(XP);
  let ss = p(XP + 1);
  let os = p(XP + 2);
  for (var j = 0; j < L; j = j + 1) {
    acc = acc ${op === 'sum' ? '+' : '*'} ${castExpr(src.buffer.dtype, out.buffer.dtype, 'ld_src(o_src + j * ss)')};
    st_out(o_out + j * os, acc);
  }`,
    extra: [L, src.strides[dim]!, out.strides[dim]!],
  });
}
