/**
 * Reductions over any set of dims. The kept dims and the reduced dims are each coalesced (in
 * their original order, so that argmax/argmin indices stay row-major over the reduced dims).
 * Long reductions take one workgroup per output and a tree reduction in workgroup memory; short
 * ones one invocation per output. Floats accumulate in float32 (the conformance bound allows any
 * summation order); max/min propagate NaN; argmax/argmin give the first index of the extreme,
 * NaN counting as the extreme, whatever order the partial results meet in.
 * @module
 */
import { RuntimeError, type DType, type ReduceOp, type View } from '@torchts/core';
import type { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';
import { castExpr, wgslType } from '../wgsl/dtype.js';

/** Most coalesced kept dims, and reduced dims, one dispatch handles. */
const MAXD = 6;
// Uniform layout.
const KSH = 4, KSS = KSH + MAXD, KOS = KSS + MAXD, RSH = KOS + MAXD, RSS = RSH + MAXD, SOFF = RSS + MAXD, OOFF = SOFF + 1;

interface Dims { shape: number[]; a: number[]; b: number[] }

/** Merges neighbouring dims (kept in order) that are contiguous in both stride lists. */
function merge(shape: number[], a: number[], b: number[]): Dims {
  const out: Dims = { shape: [], a: [], b: [] };
  for (let i = shape.length - 1; i >= 0; i--) {
    const n = shape[i]!;
    if (n === 1) continue;
    const last = out.shape.length - 1;
    if (last >= 0 && a[i] === out.a[last]! * out.shape[last]! && b[i] === out.b[last]! * out.shape[last]!) {
      out.shape[last] = out.shape[last]! * n;
      continue;
    }
    out.shape.push(n);
    out.a.push(a[i]!);
    out.b.push(b[i]!);
  }
  out.shape.reverse(); out.a.reverse(); out.b.reverse();
  return out;
}

function opCode(op: ReduceOp, src: DType, out: DType): { T: string; init: string; load: string; step: string; comb: string; result: string } {
  const ld = 'ld_src(so + roff(r))';
  const st = wgslType(src);
  const isF = st === 'f32';
  const lo = isF ? '-f_inf()' : '(-2147483647 - 1)';
  const hi = isF ? 'f_inf()' : '2147483647';
  switch (op) {
    case 'sum':
    case 'prod': {
      const T = wgslType(out);
      const sym = op === 'sum' ? '+' : '*';
      return { T, init: op === 'sum' ? `${T}(0)` : `${T}(1)`, load: castExpr(src, out, ld), step: `acc = acc ${sym} v;`,
        comb: `sv[lid] = sv[lid] ${sym} sv[lid + s];`, result: 'acc' };
    }
    case 'max':
    case 'min': {
      const f = op;
      const pick = isF ? `select(select(${f}(acc, v), v, is_nan(v)), acc, is_nan(acc))` : `${f}(acc, v)`;
      return { T: st, init: op === 'max' ? lo : hi, load: ld, step: `acc = ${pick};`,
        comb: `{ let acc = sv[lid]; let v = sv[lid + s]; sv[lid] = ${pick}; }`, result: castExpr(src, out, 'acc') };
    }
    case 'all':
    case 'any': {
      const and = op === 'all';
      return { T: 'i32', init: and ? '1' : '0', load: castExpr(src, out, ld),
        step: and ? 'acc = acc & v;' : 'acc = acc | v;', comb: `sv[lid] = sv[lid] ${and ? '&' : '|'} sv[lid + s];`, result: 'acc' };
    }
    default: {
      // argmax / argmin: `better` decides between two (value, index) candidates.
      return { T: st, init: op === 'argmax' ? lo : hi, load: ld,
        step: 'if (better(v, r, acc, idx)) { acc = v; idx = r; }',
        comb: 'if (better(sv[lid + s], si[lid + s], sv[lid], si[lid])) { sv[lid] = sv[lid + s]; si[lid] = si[lid + s]; }',
        result: 'idx' };
    }
  }
}

function betterFn(op: ReduceOp, T: string): string {
  const cmp = op === 'argmax' ? '>' : '<';
  const nan = T === 'f32'
    ? `  if (is_nan(bv)) { return is_nan(v) && i < bi; }
  if (is_nan(v)) { return true; }\n` : '';
  return `fn better(v: ${T}, i: i32, bv: ${T}, bi: i32) -> bool {
  if (i < 0) { return false; }
  if (bi < 0) { return true; }
${nan}  if (v ${cmp} bv) { return true; }
  return v == bv && i < bi;
}`;
}

/**
 * Reduces `src` over `dims` into `out`, whose shape is src's with those dims set to 1.
 * argmax/argmin write int64 indices, row-major over the reduced dims.
 */
export function reduce(rt: GpuRuntime, op: ReduceOp, src: View, dims: readonly number[], out: View): void {
  const nd = src.shape.length;
  const reduced = new Array<boolean>(nd).fill(false);
  for (const d of dims) if (nd > 0) reduced[d < 0 ? d + nd : d] = true;
  const kShape: number[] = [], kSrc: number[] = [], kOut: number[] = [];
  const rShape: number[] = [], rSrc: number[] = [];
  for (let d = 0; d < nd; d++) {
    if (reduced[d]) {
      rShape.push(src.shape[d]!);
      rSrc.push(src.strides[d]!);
    } else {
      kShape.push(src.shape[d]!);
      kSrc.push(src.strides[d]!);
      kOut.push(out.strides[d]!);
    }
  }
  const kept = merge(kShape, kSrc, kOut);
  const red = merge(rShape, rSrc, rSrc);
  const numOut = kShape.reduce((a, b) => a * b, 1);
  const R = rShape.reduce((a, b) => a * b, 1);
  if (numOut === 0) return;
  if (kept.shape.length > MAXD || red.shape.length > MAXD) {
    throw new RuntimeError(`webgpu: reduce over a view with more than ${MAXD} non-contiguous kept or reduced dims; call .contiguous() first`);
  }
  const params = new Array<number>(OOFF + 1).fill(0);
  params[0] = numOut; params[1] = R; params[2] = kept.shape.length; params[3] = red.shape.length;
  for (let d = 0; d < MAXD; d++) {
    params[KSH + d] = kept.shape[d] ?? 1; params[KSS + d] = kept.a[d] ?? 0; params[KOS + d] = kept.b[d] ?? 0;
    params[RSH + d] = red.shape[d] ?? 1; params[RSS + d] = red.a[d] ?? 0;
  }
  params[SOFF] = src.offset; params[OOFF] = out.offset;

  const srcDt = src.buffer.dtype, outDt = out.buffer.dtype;
  const c = opCode(op, srcDt, outDt);
  const arg = op === 'argmax' || op === 'argmin';
  const wg = rt.limits.workgroupSize;
  // A workgroup per output when outputs are few or reductions long.
  const tree = R > 64 && (numOut < 1024 || R > 4096);
  const common = `fn roff(r: i32) -> i32 {
  var rem = r;
  var off = 0;
  for (var d = p(3) - 1; d >= 0; d = d - 1) {
    let s = p(${RSH} + d);
    off += (rem % s) * p(${RSS} + d);
    rem = rem / s;
  }
  return off;
}
${arg ? betterFn(op, c.T) : ''}`;
  const locate = `  var rem = o;
  var so = p(${SOFF});
  var oo = p(${OOFF});
  for (var d = p(2) - 1; d >= 0; d = d - 1) {
    let s = p(${KSH} + d);
    let c = rem % s;
    rem = rem / s;
    so += c * p(${KSS} + d);
    oo += c * p(${KOS} + d);
  }
  var acc: ${c.T} = ${c.init};
  var idx = -1;
  let R = p(1);`;
  const source = tree
    ? `${common}
var<workgroup> sv: array<${c.T}, WG>;
${arg ? 'var<workgroup> si: array<i32, WG>;' : ''}
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
  let o = wg_index(wid, nwg);
  if (o >= p(0)) { return; }
${locate}
  for (var r = i32(lid); r < R; r = r + i32(WG)) {
    let v = ${c.load};
    ${c.step}
  }
  sv[lid] = acc;
  ${arg ? 'si[lid] = idx;' : ''}
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) { ${c.comb} }
    workgroupBarrier();
  }
  if (lid == 0u) {
    acc = sv[0];
    ${arg ? 'idx = si[0];' : ''}
    st_out(oo, ${c.result});
  }
}`
    : `${common}
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
  let o = wg_index(wid, nwg) * i32(WG) + i32(lid);
  if (o >= p(0)) { return; }
${locate}
  for (var r = 0; r < R; r = r + 1) {
    let v = ${c.load};
    ${c.step}
  }
  st_out(oo, ${c.result});
}`;
  rt.run({
    key: `reduce:${op}:${tree ? 'tree' : 'seq'}`,
    operands: [
      { name: 'src', buffer: src.buffer as WebGpuBuffer, access: 'read' },
      { name: 'out', buffer: out.buffer as WebGpuBuffer, access: 'write' },
    ],
    params,
    workgroups: tree ? numOut : Math.ceil(numOut / wg),
    source: () => source,
  });
}
