/**
 * Batched matrix multiplication, tiled in workgroup memory: a workgroup of TS x TS invocations
 * computes a (4 TS) x (4 TS) block of the output, each invocation a 4x4 register tile, walking K
 * in steps of 16 through tiles of A and B staged in workgroup memory. Operands may have any
 * strides (transposed views need no copy); batch dims are broadcast through 0 strides. Floats
 * accumulate in float32, integers wrap like C.
 * @module
 */
import type { View } from '@torchts/core';
import type { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';
import { coalesce, numelOf } from '../strided.js';
import { wgslType } from '../wgsl/dtype.js';
import { fill } from './fill.js';

const MAXB = 6;
// Uniform layout: sizes, matrix strides, offsets, batch start, then batch shape and strides.
const SAM = 3, SAK = 4, SBK = 5, SBN = 6, SOM = 7, SON = 8, AOFF = 9, BOFF = 10, OOFF = 11, BSTART = 12, BRANK = 13;
const BSH = 14, BSA = BSH + MAXB, BSB = BSA + MAXB, BSO = BSB + MAXB;

function source(T: string, ts: number): string {
  const bm = ts * 4;
  const loads = (bm * 16) / (ts * ts);
  return `const TS: i32 = ${ts};
const BM: i32 = ${bm};
const BK: i32 = 16;
var<workgroup> As: array<${T}, ${bm * 16}>;
var<workgroup> Bs: array<${T}, ${bm * 16}>;
@compute @workgroup_size(${ts}, ${ts})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) l3: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
  let M = p(0);
  let N = p(1);
  let K = p(2);
  var rem = i32(wid.z) + p(${BSTART});
  var ao = p(${AOFF});
  var bo = p(${BOFF});
  var oo = p(${OOFF});
  for (var d = p(${BRANK}) - 1; d >= 0; d = d - 1) {
    let s = p(${BSH} + d);
    let c = rem % s;
    rem = rem / s;
    ao += c * p(${BSA} + d);
    bo += c * p(${BSB} + d);
    oo += c * p(${BSO} + d);
  }
  let sam = p(${SAM});
  let sak = p(${SAK});
  let sbk = p(${SBK});
  let sbn = p(${SBN});
  let m0 = i32(wid.y) * BM;
  let n0 = i32(wid.x) * BM;
  let tx = i32(l3.x);
  let ty = i32(l3.y);
  var acc: array<${T}, 16>;
  for (var i = 0; i < 16; i = i + 1) { acc[i] = ${T}(0); }
  for (var k0 = 0; k0 < K; k0 = k0 + BK) {
    for (var i = 0; i < ${loads}; i = i + 1) {
      let e = i32(lid) + i * TS * TS;
      let kk = e / BM;
      let mm = e % BM;
      let m = m0 + mm;
      let n = n0 + mm;
      let k = k0 + kk;
      var va = ${T}(0);
      var vb = ${T}(0);
      if (k < K) {
        if (m < M) { va = ld_a(ao + m * sam + k * sak); }
        if (n < N) { vb = ld_b(bo + k * sbk + n * sbn); }
      }
      As[e] = va;
      Bs[e] = vb;
    }
    workgroupBarrier();
    for (var kk = 0; kk < BK; kk = kk + 1) {
      let ab = kk * BM + ty * 4;
      let bb = kk * BM + tx * 4;
      let a0 = As[ab];
      let a1 = As[ab + 1];
      let a2 = As[ab + 2];
      let a3 = As[ab + 3];
      let b0 = Bs[bb];
      let b1 = Bs[bb + 1];
      let b2 = Bs[bb + 2];
      let b3 = Bs[bb + 3];
      acc[0] += a0 * b0; acc[1] += a0 * b1; acc[2] += a0 * b2; acc[3] += a0 * b3;
      acc[4] += a1 * b0; acc[5] += a1 * b1; acc[6] += a1 * b2; acc[7] += a1 * b3;
      acc[8] += a2 * b0; acc[9] += a2 * b1; acc[10] += a2 * b2; acc[11] += a2 * b3;
      acc[12] += a3 * b0; acc[13] += a3 * b1; acc[14] += a3 * b2; acc[15] += a3 * b3;
    }
    workgroupBarrier();
  }
  let som = p(${SOM});
  let son = p(${SON});
  for (var i = 0; i < 4; i = i + 1) {
    let m = m0 + ty * 4 + i;
    if (m >= M) { break; }
    for (var j = 0; j < 4; j = j + 1) {
      let n = n0 + tx * 4 + j;
      if (n < N) { st_out(oo + m * som + n * son, acc[i * 4 + j]); }
    }
  }
}`;
}

/**
 * `out = a @ b` for a [..., M, K], b [..., K, N], out [..., M, N]; the batch dims of a and b are
 * already broadcast to out's (0 strides).
 */
export function matmul(rt: GpuRuntime, a: View, b: View, out: View): void {
  const r = out.shape.length;
  const M = out.shape[r - 2]!, N = out.shape[r - 1]!, K = a.shape[r - 1]!;
  const batchShape = out.shape.slice(0, r - 2);
  const batch = numelOf(batchShape);
  if (M === 0 || N === 0 || batch === 0) return;
  if (K === 0) {
    fill(rt, out, 0); // an empty sum
    return;
  }
  const c = coalesce(batchShape, [a.strides.slice(0, r - 2), b.strides.slice(0, r - 2), out.strides.slice(0, r - 2)]);
  if (c.shape.length > MAXB) throw new Error(`webgpu: matmul with more than ${MAXB} non-contiguous batch dims`);
  const ts = rt.limits.workgroupSize >= 256 ? 16 : 8;
  const bm = ts * 4;
  const params = new Array<number>(BSO + MAXB).fill(0);
  params[0] = M; params[1] = N; params[2] = K;
  params[SAM] = a.strides[r - 2]!; params[SAK] = a.strides[r - 1]!;
  params[SBK] = b.strides[r - 2]!; params[SBN] = b.strides[r - 1]!;
  params[SOM] = out.strides[r - 2]!; params[SON] = out.strides[r - 1]!;
  params[AOFF] = a.offset; params[BOFF] = b.offset; params[OOFF] = out.offset;
  params[BRANK] = c.shape.length;
  for (let d = 0; d < MAXB; d++) {
    params[BSH + d] = c.shape[d] ?? 1;
    params[BSA + d] = c.strides[0]![d] ?? 0;
    params[BSB + d] = c.strides[1]![d] ?? 0;
    params[BSO + d] = c.strides[2]![d] ?? 0;
  }
  const T = wgslType(out.buffer.dtype);
  const maxZ = rt.limits.maxWorkgroupsPerDimension;
  for (let start = 0; start < batch; start += maxZ) {
    params[BSTART] = start;
    rt.run({
      key: `matmul:${ts}`,
      operands: [
        { name: 'a', buffer: a.buffer as WebGpuBuffer, access: 'read' },
        { name: 'b', buffer: b.buffer as WebGpuBuffer, access: 'read' },
        { name: 'out', buffer: out.buffer as WebGpuBuffer, access: 'write' },
      ],
      params: params.slice(),
      workgroups: [Math.ceil(N / bm), Math.ceil(M / bm), Math.min(maxZ, batch - start)],
      source: () => source(T, ts),
    });
  }
}
