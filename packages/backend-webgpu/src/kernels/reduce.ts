/**
 * Reductions over any set of dims. The kept dims and the reduced dims are each coalesced (in
 * their original order, so that argmax/argmin indices stay row-major over the reduced dims).
 * Short reductions take one invocation per output; long ones one workgroup per output and a tree
 * reduction in workgroup memory; a few very long ones are split into segments that workgroups
 * reduce in parallel, and the segments' partial results (values, and indices for argmax/argmin)
 * are reduced in a second dispatch. Floats accumulate in float32 (the conformance bound allows any
 * summation order); max/min propagate NaN; argmax/argmin give the first index of the extreme,
 * NaN counting as the extreme, whatever order the partial results meet in.
 * @module
 */
import { RuntimeError, float32, int32, type DType, type ReduceOp, type View } from '@torchts/core';
import { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime, KernelOperand } from '../runtime.js';
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
  const operand = (name: string, v: View | WebGpuBuffer, access: 'read' | 'write') =>
    ({ name, buffer: ('gpu' in v ? v : v.buffer) as WebGpuBuffer, access });
  if (R <= 64 || (numOut >= 1024 && R <= 4096)) {
    // Short reductions: one invocation per output.
    run(rt, op, c, arg, 'whole', false, params, numOut, [operand('src', src, 'read'), operand('out', out, 'write')]);
  } else if (R <= 8192 || (numOut >= 256 && R <= 2 ** 20)) {
    // One workgroup per output.
    run(rt, op, c, arg, 'whole', true, params, numOut, [operand('src', src, 'read'), operand('out', out, 'write')]);
  } else {
    // Few long reductions: split each into segments reduced by their own workgroups, then
    // reduce the partial results (values, and indices for argmax/argmin).
    const segLen = Math.max(4096, Math.ceil(R / 4096));
    const S = Math.ceil(R / segLen);
    params.push(S, segLen);
    const valDt = c.T === 'f32' ? float32 : int32;
    const pv = new WebGpuBuffer(valDt, numOut * S, rt.pool.acquire(numOut * S * 4));
    const pi = new WebGpuBuffer(int32, numOut * S, rt.pool.acquire(numOut * S * 4));
    const parts = [operand('pv', pv, 'write'), ...(arg ? [operand('pi', pi, 'write')] : [])];
    run(rt, op, c, arg, 'part', true, params, numOut * S, [operand('src', src, 'read'), ...parts]);
    const partsIn = [operand('pv', pv, 'read'), ...(arg ? [operand('pi', pi, 'read')] : [])];
    run(rt, op, c, arg, 'final', S > 64, params, numOut, [...partsIn, operand('out', out, 'write')]);
    rt.pool.release(pv.gpu);
    rt.pool.release(pi.gpu);
  }
}

type Stage = 'whole' | 'part' | 'final';

/** One reduction dispatch: the whole reduction, the partial reductions of segments, or their final reduction. */
function run(rt: GpuRuntime, op: ReduceOp, c: ReturnType<typeof opCode>, arg: boolean, stage: Stage, tree: boolean,
  params: number[], outputs: number, operands: KernelOperand[]): void {
  const S = `p(${OOFF + 1})`, SEG = `p(${OOFF + 2})`;
  // The candidate value `v` and its index `ri`.
  const load = stage === 'final'
    ? `let v = ld_pv(o * ${S} + r);\n    let ri = ${arg ? `ld_pi(o * ${S} + r)` : 'r'};`
    : `let v = ${c.load};\n    let ri = r;`;
  const step = arg ? 'if (better(v, ri, acc, idx)) { acc = v; idx = ri; }' : c.step;
  const finish = stage === 'part' ? `st_pv(w, acc);${arg ? ' st_pi(w, idx);' : ''}` : `st_out(oo, ${c.result});`;
  const count = stage === 'final' ? S : 'p(1)';
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
  const index = tree ? 'wg_index(wid, nwg)' : 'wg_index(wid, nwg) * i32(WG) + i32(lid)';
  const locate = `${stage === 'part' ? `  let w = ${index};\n  if (w >= p(0) * ${S}) { return; }\n  let o = w / ${S};\n  let seg = w % ${S};`
    : `  let o = ${index};\n  if (o >= p(0)) { return; }`}
  var rem = o;
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
  var idx = -1;`;
  const [r0, r1, dr] = stage === 'part'
    ? [`seg * ${SEG} + i32(lid)`, `min((seg + 1) * ${SEG}, p(1))`, 'i32(WG)']
    : tree ? ['i32(lid)', count, 'i32(WG)'] : ['0', count, '1'];
  const body = `  for (var r = ${r0}; r < ${r1}; r = r + ${dr}) {
    ${load}
    ${step}
  }`;
  const source = tree
    ? `${common}
var<workgroup> sv: array<${c.T}, WG>;
${arg ? 'var<workgroup> si: array<i32, WG>;' : ''}
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
${locate}
${body}
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
    ${finish}
  }
}`
    : `${common}
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
${locate}
${body}
  ${finish}
}`;
  rt.run({
    key: `reduce:${op}:${stage}:${tree ? 'tree' : 'seq'}`,
    operands,
    params,
    workgroups: tree ? outputs : Math.ceil(outputs / rt.limits.workgroupSize),
    source: () => source,
  });
}
