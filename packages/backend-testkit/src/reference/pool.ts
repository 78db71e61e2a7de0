/**
 * Reference max pooling with indices.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, indicesOf, setAt } from './storage.js';

/**
 * Max pooling over [N, C, H, W] into `out` (its shape gives oH, oW) and the flat H*W position
 * of each maximum into `indices`, exactly as PyTorch's kernels: padding never wins, the first
 * maximum wins ties, a NaN wins over everything (the last NaN of the window, in row-major
 * order), and a window with no value above -Infinity (all -Infinity, or even entirely in the
 * padding) points at its first tap past the padding, `hstart * W + wstart`.
 */
export function maxPool2d(
  src: View, kernel: [number, number], stride: [number, number], padding: [number, number],
  dilation: [number, number], out: View, indices: View,
): void {
  const [, , H, W] = src.shape;
  for (const [n, c, oh, ow] of indicesOf(out.shape)) {
    let hstart = oh * stride[0] - padding[0], wstart = ow * stride[1] - padding[1];
    const hend = Math.min(hstart + (kernel[0] - 1) * dilation[0] + 1, H);
    const wend = Math.min(wstart + (kernel[1] - 1) * dilation[1] + 1, W);
    while (hstart < 0) hstart += dilation[0];
    while (wstart < 0) wstart += dilation[1];
    let best = -Infinity, bestAt = hstart * W + wstart;
    for (let ih = hstart; ih < hend; ih += dilation[0]) {
      for (let iw = wstart; iw < wend; iw += dilation[1]) {
        const v = getAt(src, [n, c, ih, iw]);
        if (v > best || Number.isNaN(v)) {
          best = v;
          bestAt = ih * W + iw;
        }
      }
    }
    setAt(out, [n, c, oh, ow], best);
    setAt(indices, [n, c, oh, ow], bestAt);
  }
}
