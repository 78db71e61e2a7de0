/**
 * Fused 2-d convolution and its two backward kernels, computed directly: the forward pass and
 * the input gradient take one invocation per output element, the weight gradient one workgroup
 * per weight element with a tree reduction over the batch and the output positions. Everything
 * accumulates in float32 and is rounded once into the output dtype. All tensors are contiguous.
 * @module
 */
import type { Conv2dParams, View } from '@torchts/core';
import type { WebGpuBuffer } from '../buffer.js';
import type { GpuRuntime, KernelOperand } from '../runtime.js';

// Uniform layout shared by the three kernels.
const GEOMETRY = `let N = p(0); let C = p(1); let H = p(2); let W = p(3);
  let O = p(4); let oH = p(5); let oW = p(6); let kH = p(7); let kW = p(8);
  let sH = p(9); let sW = p(10); let pH = p(11); let pW = p(12); let dH = p(13); let dW = p(14);
  let G = p(15); let Cg = C / G; let Og = O / G;`;

function geometry(inShape: readonly number[], wShape: readonly number[], outShape: readonly number[], p: Conv2dParams): number[] {
  const [N, C, H, W] = inShape as [number, number, number, number];
  const [O, , kH, kW] = wShape as [number, number, number, number];
  const [, , oH, oW] = outShape as [number, number, number, number];
  return [N, C, H, W, O, oH, oW, kH, kW, p.stride[0], p.stride[1], p.padding[0], p.padding[1], p.dilation[0], p.dilation[1], p.groups];
}

const op = (name: string, v: View, access: KernelOperand['access'] = 'read'): KernelOperand =>
  ({ name, buffer: v.buffer as WebGpuBuffer, access });

const HEAD = `@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
    @builtin(local_invocation_index) lid: u32) {`;

/** `out = conv2d(input, weight, bias)`: input [N,C,H,W], weight [O,C/g,kH,kW], bias [O] or null. */
export function conv2d(rt: GpuRuntime, input: View, weight: View, bias: View | null, p: Conv2dParams, out: View): void {
  const g = geometry(input.shape, weight.shape, out.shape, p);
  const total = out.shape.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  const params = [...g, input.offset, weight.offset, out.offset, bias?.offset ?? 0, bias?.strides[0] ?? 0, total];
  const operands = [op('input', input), op('weight', weight), ...(bias ? [op('bias', bias)] : []), op('out', out, 'write')];
  const T = 'f32';
  rt.run({
    key: `conv2d${bias ? ':bias' : ''}`,
    operands,
    params,
    workgroups: Math.ceil(total / rt.limits.workgroupSize),
    source: () => `${HEAD}
  let li = wg_index(wid, nwg) * i32(WG) + i32(lid);
  if (li >= p(21)) { return; }
  ${GEOMETRY}
  let ow = li % oW;
  let oh = (li / oW) % oH;
  let o = (li / (oW * oH)) % O;
  let n = li / (oW * oH * O);
  let g = o / Og;
  var acc: ${T} = ${bias ? 'ld_bias(p(19) + o * p(20))' : '0.0'};
  for (var c = 0; c < Cg; c = c + 1) {
    let ib = p(16) + (n * C + g * Cg + c) * H * W;
    let wb = p(17) + ((o * Cg + c) * kH) * kW;
    for (var ki = 0; ki < kH; ki = ki + 1) {
      let ih = oh * sH - pH + ki * dH;
      if (ih < 0 || ih >= H) { continue; }
      for (var kj = 0; kj < kW; kj = kj + 1) {
        let iw = ow * sW - pW + kj * dW;
        if (iw < 0 || iw >= W) { continue; }
        acc += ld_input(ib + ih * W + iw) * ld_weight(wb + ki * kW + kj);
      }
    }
  }
  st_out(p(18) + li, acc);
}`,
  });
}

/** The gradient of conv2d with respect to its input: gradOut [N,O,oH,oW] -> gradInput [N,C,H,W]. */
export function conv2dBackwardInput(rt: GpuRuntime, gradOut: View, weight: View, p: Conv2dParams, gradInput: View): void {
  const g = geometry(gradInput.shape, weight.shape, gradOut.shape, p);
  const total = gradInput.shape.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  rt.run({
    key: 'conv2dBackwardInput',
    operands: [op('gout', gradOut), op('weight', weight), op('gin', gradInput, 'write')],
    params: [...g, gradOut.offset, weight.offset, gradInput.offset, total],
    workgroups: Math.ceil(total / rt.limits.workgroupSize),
    source: () => `${HEAD}
  let li = wg_index(wid, nwg) * i32(WG) + i32(lid);
  if (li >= p(19)) { return; }
  ${GEOMETRY}
  let iw = li % W;
  let ih = (li / W) % H;
  let c = (li / (W * H)) % C;
  let n = li / (W * H * C);
  let g = c / Cg;
  let cc = c % Cg;
  var acc = 0.0;
  for (var o = g * Og; o < (g + 1) * Og; o = o + 1) {
    let gb = p(16) + (n * O + o) * oH * oW;
    let wb = p(17) + ((o * Cg + cc) * kH) * kW;
    for (var ki = 0; ki < kH; ki = ki + 1) {
      let th = ih + pH - ki * dH;
      if (th < 0 || th % sH != 0) { continue; }
      let oh = th / sH;
      if (oh >= oH) { continue; }
      for (var kj = 0; kj < kW; kj = kj + 1) {
        let tw = iw + pW - kj * dW;
        if (tw < 0 || tw % sW != 0) { continue; }
        let ow = tw / sW;
        if (ow >= oW) { continue; }
        acc += ld_gout(gb + oh * oW + ow) * ld_weight(wb + ki * kW + kj);
      }
    }
  }
  st_gin(p(18) + li, acc);
}`,
  });
}

/** The gradient of conv2d with respect to its weight: gradOut and input -> gradWeight [O,C/g,kH,kW]. */
export function conv2dBackwardWeight(rt: GpuRuntime, gradOut: View, input: View, p: Conv2dParams, gradWeight: View): void {
  const g = geometry(input.shape, gradWeight.shape, gradOut.shape, p);
  const total = gradWeight.shape.reduce((a, b) => a * b, 1);
  if (total === 0) return;
  rt.run({
    key: 'conv2dBackwardWeight',
    operands: [op('gout', gradOut), op('input', input), op('gw', gradWeight, 'write')],
    params: [...g, gradOut.offset, input.offset, gradWeight.offset, total],
    workgroups: total,
    source: () => `var<workgroup> part: array<f32, WG>;
${HEAD}
  let e = wg_index(wid, nwg);
  if (e >= p(19)) { return; }
  ${GEOMETRY}
  let kj = e % kW;
  let ki = (e / kW) % kH;
  let cc = (e / (kW * kH)) % Cg;
  let o = e / (kW * kH * Cg);
  let c = (o / Og) * Cg + cc;
  let L = oH * oW;
  var acc = 0.0;
  for (var t = i32(lid); t < N * L; t = t + i32(WG)) {
    let ow = t % oW;
    let oh = (t / oW) % oH;
    let n = t / L;
    let ih = oh * sH - pH + ki * dH;
    let iw = ow * sW - pW + kj * dW;
    if (ih >= 0 && ih < H && iw >= 0 && iw < W) {
      acc += ld_gout(p(16) + (n * O + o) * L + oh * oW + ow) * ld_input(p(17) + ((n * C + c) * H + ih) * W + iw);
    }
  }
  part[lid] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s = s >> 1u) {
    if (lid < s) { part[lid] = part[lid] + part[lid + s]; }
    workgroupBarrier();
  }
  if (lid == 0u) { st_gw(p(18) + e, part[0]); }
}`,
  });
}
