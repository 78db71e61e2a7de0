/**
 * Fused softmax / log-softmax along the last dim of a contiguous tensor: one workgroup per row,
 * tree reductions in workgroup memory for the row maximum and the sum of exponentials. A row
 * holding NaN gives NaN, as PyTorch.
 * @module
 */
import type { View } from '@torchts/core';
import type { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';

/** softmax (or log-softmax when `log`) of `src` along its last dim into `out` (both contiguous). */
export function softmax(rt: GpuRuntime, src: View, log: boolean, out: View): void {
  const nd = src.shape.length;
  const D = nd === 0 ? 1 : src.shape[nd - 1]!;
  const total = src.shape.reduce((a, b) => a * b, 1);
  if (D === 0 || total === 0) return;
  const rows = total / D;
  rt.run({
    key: `softmax:${log ? 'log' : 'exp'}`,
    operands: [
      { name: 'src', buffer: src.buffer as WebGpuBuffer, access: 'read' },
      { name: 'out', buffer: out.buffer as WebGpuBuffer, access: 'write' },
    ],
    params: [rows, D, src.offset, out.offset],
    workgroups: rows,
    source: () => `var<workgroup> red: array<f32, WG>;
var<workgroup> bad: array<i32, WG>;
@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
  let row = wg_index(wid, nwg);
  if (row >= p(0)) { return; }
  let D = p(1);
  let si = p(2) + row * D;
  let oi = p(3) + row * D;
  var m = -f_inf();
  var nan = 0;
  for (var j = i32(lid); j < D; j = j + i32(WG)) {
    let x = ld_src(si + j);
    if (is_nan(x)) { nan = 1; } else if (x > m) { m = x; }
  }
  red[lid] = m;
  bad[lid] = nan;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = max(red[lid], red[lid + s]); bad[lid] = bad[lid] | bad[lid + s]; }
    workgroupBarrier();
  }
  m = red[0];
  nan = bad[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var j = i32(lid); j < D; j = j + i32(WG)) { sum += exp_f(ld_src(si + j) - m); }
  red[lid] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) { red[lid] = red[lid] + red[lid + s]; }
    workgroupBarrier();
  }
  sum = red[0];
  ${log ? 'let ls = log_f(sum);' : 'let inv = 1.0 / sum;'}
  for (var j = i32(lid); j < D; j = j + i32(WG)) {
    var y = ${log ? 'ld_src(si + j) - m - ls' : 'exp_f(ld_src(si + j) - m) * inv'};
    if (nan != 0) { y = f_nan(); }
    st_out(oi + j, y);
  }
}`,
  });
}
