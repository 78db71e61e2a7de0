/**
 * Fused 2-d max pooling with indices, as PyTorch's `max_pool2d_with_indices` on the CPU:
 * padding acts as -Infinity, each index is the flat position `h * W + w` in the input plane,
 * the first maximum wins, and a NaN wins over everything (the last NaN of the window, as in
 * PyTorch's `val > max || isnan(val)` loop).
 * @module
 */
import type { View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { numelOf } from './strided.js';

/**
 * Max pooling over the last two dims of a contiguous [N, C, H, W] (or [C, H, W]) `src`, writing
 * values into `out` and int64 flat indices into `indices` (both contiguous, [.., oH, oW]).
 */
export function maxPool2d(src: View, kernel: [number, number], stride: [number, number],
  padding: [number, number], dilation: [number, number], out: View, indices: View): void {
  const S = dataOf(src), O = dataOf(out), I = dataOf(indices);
  const nd = src.shape.length;
  const H = src.shape[nd - 2]!, W = src.shape[nd - 1]!;
  const oH = out.shape[nd - 2]!, oW = out.shape[nd - 1]!;
  const [kH, kW] = kernel, [sH, sW] = stride, [pH, pW] = padding, [dH, dW] = dilation;
  const planes = H * W === 0 ? 0 : numelOf(src.shape) / (H * W);
  for (let p = 0; p < planes; p++) {
    const si = src.offset + p * H * W;
    let oi = out.offset + p * oH * oW, xi = indices.offset + p * oH * oW;
    for (let oh = 0; oh < oH; oh++) {
      let h0 = oh * sH - pH;
      const h1 = Math.min(h0 + (kH - 1) * dH + 1, H);
      while (h0 < 0) h0 += dH;
      for (let ow = 0; ow < oW; ow++, oi++, xi++) {
        let w0 = ow * sW - pW;
        const w1 = Math.min(w0 + (kW - 1) * dW + 1, W);
        while (w0 < 0) w0 += dW;
        let best = -Infinity;
        let bi = h0 * W + w0;
        for (let h = h0; h < h1; h += dH) {
          for (let w = w0; w < w1; w += dW) {
            const q = h * W + w;
            const v = S[si + q]!;
            if (v > best || v !== v) {
              best = v;
              bi = q;
            }
          }
        }
        O[oi] = best;
        I[xi] = bi;
      }
    }
  }
}
