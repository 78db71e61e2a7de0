/**
 * Fused 2-d convolution and its two backward kernels, by im2col and the blocked {@link gemm}:
 * per sample and group, the input patches are unfolded into a [C/g*kH*kW, oH*oW] matrix `col`,
 * so that `out = W col`, `grad col = W^T gradOut` (folded back by col2im) and
 * `grad W += gradOut col^T`. Everything accumulates in float64 and is rounded once into the
 * output dtype. A 1x1 convolution with stride 1 and no padding multiplies the input directly.
 * Float32 goes to the WebAssembly GEMM instead (see `conv2d-f32.ts`), with this path as the
 * fallback where WebAssembly SIMD is missing.
 * @module
 */
import type { Conv2dParams, TypedArray, View } from '@torchts/core';
import { float64 } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { conv2dBackwardInputF32, conv2dBackwardWeightF32, conv2dF32 } from './conv2d-f32.js';
import { castKind, castRow } from './copy.js';
import { gemm } from './matmul.js';
import { sgemmAvailable } from './wasm-sgemm.js';

interface Geometry {
  N: number; C: number; H: number; W: number;
  O: number; oH: number; oW: number;
  kH: number; kW: number;
  G: number; Cg: number; Og: number;
  /** Rows of `col`: C/g * kH * kW. */
  R: number;
  /** Columns of `col`: oH * oW. */
  L: number;
  /** Whether `col` is the input itself (1x1 kernel, stride 1, no padding). */
  pointwise: boolean;
}

function geometry(inShape: readonly number[], wShape: readonly number[], outShape: readonly number[],
  p: Conv2dParams): Geometry {
  const [N, C, H, W] = inShape as [number, number, number, number];
  const [O, , kH, kW] = wShape as [number, number, number, number];
  const [, , oH, oW] = outShape as [number, number, number, number];
  const G = p.groups;
  const Cg = C / G, Og = O / G;
  const pointwise = kH === 1 && kW === 1 && p.stride[0] === 1 && p.stride[1] === 1 &&
    p.padding[0] === 0 && p.padding[1] === 0;
  return { N, C, H, W, O, oH, oW, kH, kW, G, Cg, Og, R: Cg * kH * kW, L: oH * oW, pointwise };
}

/** Unfolds the Cg channels of one sample/group starting at `xo` into `col` [R, L] (row-major). */
function im2col(X: TypedArray, xo: number, g: Geometry, p: Conv2dParams, col: Float64Array): void {
  const { Cg, H, W, kH, kW, oH, oW, L } = g;
  const [sH, sW] = p.stride, [pH, pW] = p.padding, [dH, dW] = p.dilation;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    const plane = xo + c * H * W;
    for (let ki = 0; ki < kH; ki++) {
      for (let kj = 0; kj < kW; kj++, row++) {
        let o = row * L;
        for (let oh = 0; oh < oH; oh++) {
          const ih = oh * sH - pH + ki * dH;
          if (ih < 0 || ih >= H) {
            col.fill(0, o, o + oW);
            o += oW;
            continue;
          }
          const rowBase = plane + ih * W;
          let iw = kj * dW - pW;
          for (let ow = 0; ow < oW; ow++, iw += sW) col[o++] = iw >= 0 && iw < W ? X[rowBase + iw]! : 0;
        }
      }
    }
  }
}

/** Adds `col` [R, L] back into the Cg input planes `dx` (float64, [Cg, H, W]): the adjoint of im2col. */
function col2im(col: Float64Array, g: Geometry, p: Conv2dParams, dx: Float64Array): void {
  const { Cg, H, W, kH, kW, oH, oW, L } = g;
  const [sH, sW] = p.stride, [pH, pW] = p.padding, [dH, dW] = p.dilation;
  let row = 0;
  for (let c = 0; c < Cg; c++) {
    const plane = c * H * W;
    for (let ki = 0; ki < kH; ki++) {
      for (let kj = 0; kj < kW; kj++, row++) {
        let o = row * L;
        for (let oh = 0; oh < oH; oh++) {
          const ih = oh * sH - pH + ki * dH;
          if (ih < 0 || ih >= H) {
            o += oW;
            continue;
          }
          const rowBase = plane + ih * W;
          let iw = kj * dW - pW;
          for (let ow = 0; ow < oW; ow++, iw += sW, o++) if (iw >= 0 && iw < W) dx[rowBase + iw] += col[o]!;
        }
      }
    }
  }
}

/** Whether all the views are float32. */
function allFloat32(...views: View[]): boolean {
  return views.every((v) => v.buffer.dtype.name === 'float32');
}

/**
 * `out = conv2d(input, weight, bias)`: input [N,C,H,W], weight [O,C/g,kH,kW], bias [O] or null,
 * out [N,O,oH,oW]; all contiguous.
 */
export function conv2d(input: View, weight: View, bias: View | null, p: Conv2dParams, out: View): void {
  const X = dataOf(input), Wt = dataOf(weight), Y = dataOf(out);
  const Bs = bias ? dataOf(bias) : null;
  const g = geometry(input.shape, weight.shape, out.shape, p);
  const { N, C, H, W, O, G, Cg, Og, R, L, pointwise } = g;
  if (N === 0 || O === 0 || L === 0) return;
  if (allFloat32(input, weight, out) && (!bias || bias.buffer.dtype.name === 'float32') && sgemmAvailable() &&
    conv2dF32(X as Float32Array, input.offset, Wt as Float32Array, weight.offset, Bs as Float32Array | null,
      bias ? bias.offset : 0, bias ? bias.strides[0]! : 0, Y as Float32Array, out.offset, g, p)) return;
  const col = pointwise ? null : new Float64Array(R * L);
  const acc = new Float64Array(Og * L);
  const kind = castKind(float64, out.buffer.dtype);
  for (let n = 0; n < N; n++) {
    for (let gi = 0; gi < G; gi++) {
      const xo = input.offset + (n * C + gi * Cg) * H * W;
      for (let o = 0; o < Og; o++) acc.fill(Bs ? Bs[bias!.offset + (gi * Og + o) * bias!.strides[0]!]! : 0, o * L, (o + 1) * L);
      const wo = weight.offset + gi * Og * R;
      if (col) {
        im2col(X, xo, g, p, col);
        gemm(Og, L, R, Wt, wo, R, 1, col, 0, L, 1, acc, 0, L);
      } else {
        gemm(Og, L, R, Wt, wo, R, 1, X, xo, L, 1, acc, 0, L);
      }
      castRow(kind, acc, 0, 1, Y, out.offset + (n * O + gi * Og) * L, 1, Og * L);
    }
  }
}

/** The gradient of conv2d with respect to its input: gradOut [N,O,oH,oW] -> gradInput [N,C,H,W]. */
export function conv2dBackwardInput(gradOut: View, weight: View, p: Conv2dParams, gradInput: View): void {
  const Gd = dataOf(gradOut), Wt = dataOf(weight), DX = dataOf(gradInput);
  const g = geometry(gradInput.shape, weight.shape, gradOut.shape, p);
  const { N, C, H, W, O, G, Cg, Og, R, L, pointwise } = g;
  const kind = castKind(float64, gradInput.buffer.dtype);
  const plane = Cg * H * W;
  if (N === 0 || C === 0) return;
  if (allFloat32(gradOut, weight, gradInput) && sgemmAvailable() &&
    conv2dBackwardInputF32(Gd as Float32Array, gradOut.offset, Wt as Float32Array, weight.offset, DX as Float32Array,
      gradInput.offset, g, p)) return;
  const dx = new Float64Array(plane);
  const col = pointwise ? dx : new Float64Array(R * L);
  for (let n = 0; n < N; n++) {
    for (let gi = 0; gi < G; gi++) {
      const go = gradOut.offset + (n * O + gi * Og) * L;
      const wo = weight.offset + gi * Og * R;
      col.fill(0);
      // col = W_g^T [R, Og] @ gradOut_g [Og, L]
      gemm(R, L, Og, Wt, wo, 1, R, Gd, go, L, 1, col, 0, L);
      if (!pointwise) {
        dx.fill(0);
        col2im(col, g, p, dx);
      }
      castRow(kind, dx, 0, 1, DX, gradInput.offset + (n * C + gi * Cg) * H * W, 1, plane);
    }
  }
}

/** The gradient of conv2d with respect to its weight: gradOut and input -> gradWeight [O,C/g,kH,kW]. */
export function conv2dBackwardWeight(gradOut: View, input: View, p: Conv2dParams, gradWeight: View): void {
  const Gd = dataOf(gradOut), X = dataOf(input), DW = dataOf(gradWeight);
  const g = geometry(input.shape, gradWeight.shape, gradOut.shape, p);
  const { N, C, H, W, O, G, Cg, Og, R, L, pointwise } = g;
  if (O * R === 0) return;
  if (allFloat32(gradOut, input, gradWeight) && sgemmAvailable() &&
    conv2dBackwardWeightF32(Gd as Float32Array, gradOut.offset, X as Float32Array, input.offset, DW as Float32Array,
      gradWeight.offset, g, p)) return;
  const acc = new Float64Array(O * R);
  const col = pointwise ? null : new Float64Array(R * L);
  for (let n = 0; n < N; n++) {
    for (let gi = 0; gi < G; gi++) {
      const xo = input.offset + (n * C + gi * Cg) * H * W;
      const go = gradOut.offset + (n * O + gi * Og) * L;
      // grad W_g [Og, R] += gradOut_g [Og, L] @ col^T [L, R]
      if (col) {
        im2col(X, xo, g, p, col);
        gemm(Og, R, L, Gd, go, L, 1, col, 0, 1, L, acc, gi * Og * R, R);
      } else {
        gemm(Og, R, L, Gd, go, L, 1, X, xo, 1, L, acc, gi * Og * R, R);
      }
    }
  }
  castRow(castKind(float64, gradWeight.buffer.dtype), acc, 0, 1, DW, gradWeight.offset, 1, O * R);
}
