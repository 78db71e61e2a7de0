/**
 * Reference 2-d convolution and its two backward kernels, all by the same loop nest.
 * @module
 */
import type { Conv2dParams, View } from '@torchts/core';
import { getAt, indicesOf, numelOf, setAt } from './storage.js';

/**
 * Visits every (output position, kernel tap) pair of a convolution whose input position is
 * inside the input (padding contributes zeros, so it is skipped):
 * `visit([n, o, oh, ow], [n, ci, ih, iw], [o, c, kh, kw])`.
 */
function forEachTap(
  inputShape: readonly number[], weightShape: readonly number[], outShape: readonly number[], p: Conv2dParams,
  visit: (o: number[], i: number[], w: number[]) => void,
): void {
  const [, C, H, W] = inputShape;
  const [O, Cg, kH, kW] = weightShape;
  const perGroup = O / p.groups;
  for (const [n, o, oh, ow] of indicesOf(outShape)) {
    const g = Math.floor(o / perGroup);
    for (let c = 0; c < Cg; c++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++) {
          const ih = oh * p.stride[0] - p.padding[0] + kh * p.dilation[0];
          const iw = ow * p.stride[1] - p.padding[1] + kw * p.dilation[1];
          if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
          if (g * Cg + c >= C) throw new Error('conv2d: weight does not match input channels');
          visit([n, o, oh, ow], [n, g * Cg + c, ih, iw], [o, c, kh, kw]);
        }
      }
    }
  }
}

/** Sums `acc` contributions per element of `out` in float64 and writes them, rounded once. */
function accumulateInto(out: View, fill: (acc: Float64Array, pos: (idx: number[]) => number) => void): void {
  const shape = out.shape;
  const acc = new Float64Array(numelOf(shape));
  const pos = (idx: number[]) => idx.reduce((p, i, d) => p * shape[d] + i, 0);
  fill(acc, pos);
  indicesOf(shape).forEach((idx, k) => setAt(out, idx, acc[k]));
}

/** `out[n,o,oh,ow] = bias[o] + Σ input[n, g*Cg+c, ih, iw] * weight[o, c, kh, kw]`. */
export function conv2d(input: View, weight: View, bias: View | null, p: Conv2dParams, out: View): void {
  accumulateInto(out, (acc, pos) => {
    if (bias) for (const idx of indicesOf(out.shape)) acc[pos(idx)] += getAt(bias, [idx[1]]);
    forEachTap(input.shape, weight.shape, out.shape, p, (o, i, w) => {
      acc[pos(o)] += getAt(input, i) * getAt(weight, w);
    });
  });
}

/** The gradient of conv2d with respect to its input: each tap sends gradOut * weight back. */
export function conv2dBackwardInput(gradOut: View, weight: View, p: Conv2dParams, gradInput: View): void {
  accumulateInto(gradInput, (acc, pos) => {
    forEachTap(gradInput.shape, weight.shape, gradOut.shape, p, (o, i, w) => {
      acc[pos(i)] += getAt(gradOut, o) * getAt(weight, w);
    });
  });
}

/** The gradient of conv2d with respect to its weight: each tap sends gradOut * input back. */
export function conv2dBackwardWeight(gradOut: View, input: View, p: Conv2dParams, gradWeight: View): void {
  accumulateInto(gradWeight, (acc, pos) => {
    forEachTap(input.shape, gradWeight.shape, gradOut.shape, p, (o, i, w) => {
      acc[pos(w)] += getAt(gradOut, o) * getAt(input, i);
    });
  });
}
