/**
 * `cumsum` / `cumprod` along one dim, accumulating in the output's type (float32 for floats,
 * int32 wrapping for integers). Short lines are scanned by one invocation each; long ones in
 * chunks of 256 scanned in parallel, then the chunk totals are scanned and folded back in, so
 * that no invocation loops long.
 * @module
 */
import { float32, int32, type View } from '@torchts/core';
import { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';
import { elementwise } from '../strided.js';
import { castExpr, wgslType } from '../wgsl/dtype.js';
import { copy } from './copy.js';

const CHUNK = 256;

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
  const sym = op === 'sum' ? '+' : '*';
  const id = `${T}(${op === 'sum' ? 0 : 1})`;
  const load = (at: string) => castExpr(src.buffer.dtype, out.buffer.dtype, `ld_src(${at})`);
  const ss = src.strides[dim]!, os = out.strides[dim]!;
  if (L <= 4 * CHUNK) {
    elementwise(rt, {
      key: `cumulative:${op}`,
      shape: slice,
      operands: [{ name: 'src', view: { ...src, shape: slice }, access: 'read' }, { name: 'out', view: { ...out, shape: slice }, access: 'write' }],
      body: `var acc = ${id};
  for (var j = 0; j < p(XP); j = j + 1) {
    acc = acc ${sym} ${load('o_src + j * p(XP + 1)')};
    st_out(o_out + j * p(XP + 2), acc);
  }`,
      extra: [L, ss, os],
    });
    return;
  }
  // Lines first, chunks (or elements) along the dim last.
  const order = [...src.shape.keys()].filter((d) => d !== dim);
  const lines = order.reduce((n, d) => n * src.shape[d]!, 1);
  if (lines === 0) return;
  const chunks = Math.ceil(L / CHUNK);
  const accDt = T === 'f32' ? float32 : int32;
  // Partial scans within chunks (in the accumulation type, so that the result rounds once).
  const part = new WebGpuBuffer(accDt, lines * L, rt.pool.acquire(lines * L * 4));
  const totals = new WebGpuBuffer(accDt, lines * chunks, rt.pool.acquire(lines * chunks * 4));
  const lineOf = (v: View, shape: number[], last: number): View =>
    ({ buffer: v.buffer, shape, strides: [...order.map((d) => v.strides[d]!), last], offset: v.offset });
  const zeros = (b: WebGpuBuffer, shape: number[]): View => ({ buffer: b, shape, strides: shape.map(() => 0), offset: 0 });
  const cShape = [...order.map((d) => src.shape[d]!), chunks];
  elementwise(rt, {
    key: `cumulative:chunks:${op}`,
    shape: cShape,
    operands: [
      { name: 'src', view: lineOf(src, cShape, ss * CHUNK), access: 'read' },
      { name: 'part', view: zeros(part, cShape), access: 'write' },
      { name: 'tot', view: zeros(totals, cShape), access: 'write' },
    ],
    orderBy: -1,
    body: `let L = p(XP);
  let c = li % p(XP + 2);
  let base = (li / p(XP + 2)) * L + c * ${CHUNK};
  let n = min(${CHUNK}, L - c * ${CHUNK});
  var acc = ${id};
  for (var j = 0; j < n; j = j + 1) {
    acc = acc ${sym} ${load('o_src + j * p(XP + 1)')};
    st_part(base + j, acc);
  }
  st_tot(li, acc);`,
    extra: [L, ss, chunks],
  });
  // Exclusive scan of the chunk totals of each line.
  elementwise(rt, {
    key: `cumulative:totals:${op}`,
    shape: [lines],
    operands: [{ name: 'tot', view: zeros(totals, [lines]), access: 'write' }],
    body: `let base = li * p(XP);
  var acc = ${id};
  for (var c = 0; c < p(XP); c = c + 1) {
    let t = ld_tot(base + c);
    st_tot(base + c, acc);
    acc = acc ${sym} t;
  }`,
    extra: [chunks],
  });
  const eShape = [...order.map((d) => src.shape[d]!), L];
  elementwise(rt, {
    key: `cumulative:apply:${op}`,
    shape: eShape,
    operands: [
      { name: 'part', view: zeros(part, eShape), access: 'read' },
      { name: 'tot', view: zeros(totals, eShape), access: 'read' },
      { name: 'out', view: lineOf(out, eShape, os), access: 'write' },
    ],
    orderBy: -1,
    body: `let j = li % p(XP);
  st_out(o_out, ld_tot((li / p(XP)) * p(XP + 1) + j / ${CHUNK}) ${sym} ld_part(li));`,
    extra: [L, chunks],
  });
  rt.pool.release(part.gpu);
  rt.pool.release(totals.gpu);
}
