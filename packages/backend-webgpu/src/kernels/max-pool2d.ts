/**
 * Fused 2-d max pooling with indices, as PyTorch's `max_pool2d_with_indices`: one invocation per
 * output; padding acts as -Infinity, each index is the flat position `h * W + w` in the input
 * plane, the first maximum wins and a NaN wins over everything (the last NaN of the window).
 * @module
 */
import type { View } from '@torchts/core';
import type { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime } from '../runtime.js';

/**
 * Max pooling over the last two dims of a contiguous [N, C, H, W] (or [C, H, W]) `src`, writing
 * values into `out` and int64 flat indices into `indices` (both contiguous, [.., oH, oW]).
 */
export function maxPool2d(rt: GpuRuntime, src: View, kernel: [number, number], stride: [number, number],
  padding: [number, number], dilation: [number, number], out: View, indices: View): void {
  const nd = src.shape.length;
  const H = src.shape[nd - 2]!, W = src.shape[nd - 1]!;
  const oH = out.shape[nd - 2]!, oW = out.shape[nd - 1]!;
  const total = out.shape.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  rt.run({
    key: 'maxPool2d',
    operands: [
      { name: 'src', buffer: src.buffer as WebGpuBuffer, access: 'read' },
      { name: 'out', buffer: out.buffer as WebGpuBuffer, access: 'write' },
      { name: 'idx', buffer: indices.buffer as WebGpuBuffer, access: 'write' },
    ],
    params: [total, H, W, oH, oW, ...kernel, ...stride, ...padding, ...dilation, src.offset, out.offset, indices.offset],
    workgroups: Math.ceil(total / rt.limits.workgroupSize),
    source: () => `@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {
  let li = wg_index(wid, nwg) * i32(WG) + i32(lid);
  if (li >= p(0)) { return; }
  let H = p(1); let W = p(2); let oH = p(3); let oW = p(4);
  let kH = p(5); let kW = p(6); let sH = p(7); let sW = p(8); let pH = p(9); let pW = p(10); let dH = p(11); let dW = p(12);
  let ow = li % oW;
  let oh = (li / oW) % oH;
  let plane = li / (oW * oH);
  let si = p(13) + plane * H * W;
  var h0 = oh * sH - pH;
  let h1 = min(h0 + (kH - 1) * dH + 1, H);
  while (h0 < 0) { h0 = h0 + dH; }
  var w0 = ow * sW - pW;
  let w1 = min(w0 + (kW - 1) * dW + 1, W);
  while (w0 < 0) { w0 = w0 + dW; }
  var best = -f_inf();
  var bi = h0 * W + w0;
  for (var h = h0; h < h1; h = h + dH) {
    for (var w = w0; w < w1; w = w + dW) {
      let q = h * W + w;
      let v = ld_src(si + q);
      if (is_nan(v) || (!is_nan(best) && v > best)) { best = v; bi = q; }
    }
  }
  st_out(p(14) + li, best);
  st_idx(p(15) + li, bi);
}`,
  });
}
