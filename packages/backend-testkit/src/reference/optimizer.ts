/**
 * Reference optimizer steps: the composed computation core runs when a backend has no fused
 * step (PyTorch 1.13's `_single_tensor_sgd` / `_single_tensor_adam(w)`), element by element,
 * every op rounded to the parameter's dtype as the composed tensor ops round.
 * @module
 */
import type { AdamStepOptions, DType, SgdStepOptions, View } from '@torchts/core';
import { getAt, indicesOf, setAt } from './storage.js';
import { roundTo } from './round.js';

/** The composed SGD step, in place (see `FusedKernels.sgdStep`). */
export function sgdStep(param: View, grad: View, momentumBuffer: View | null, o: SgdStepOptions): void {
  const dt: DType = param.buffer.dtype;
  const r = (x: number): number => roundTo(dt, x);
  for (const idx of indicesOf(param.shape)) {
    const p = getAt(param, idx);
    let g = getAt(grad, idx);
    if (o.maximize) g = -g;
    if (o.weightDecay !== 0) g = r(g + o.weightDecay * p);
    if (momentumBuffer && o.momentum !== 0) {
      const b = o.firstStep ? g : r(r(getAt(momentumBuffer, idx) * o.momentum) + (1 - o.dampening) * g);
      setAt(momentumBuffer, idx, b);
      g = o.nesterov ? r(g + o.momentum * b) : b;
    }
    setAt(param, idx, p - o.lr * g);
  }
}

/** The composed Adam / AdamW step, in place (see `FusedKernels.adamStep`). */
export function adamStep(param: View, grad: View, expAvg: View, expAvgSq: View, maxExpAvgSq: View | null,
  o: AdamStepOptions): void {
  const dt: DType = param.buffer.dtype;
  const r = (x: number): number => roundTo(dt, x);
  const stepSize = o.lr / (1 - o.beta1 ** o.step);
  const bc2Sqrt = Math.sqrt(1 - o.beta2 ** o.step);
  for (const idx of indicesOf(param.shape)) {
    let p = getAt(param, idx);
    let g = getAt(grad, idx);
    if (o.maximize) g = -g;
    if (o.decoupled) p = r(p * (1 - o.lr * o.weightDecay));
    else if (o.weightDecay !== 0) g = r(g + o.weightDecay * p);
    const m = r(r(getAt(expAvg, idx) * o.beta1) + (1 - o.beta1) * g);
    const v = r(r(getAt(expAvgSq, idx) * o.beta2) + r(r((1 - o.beta2) * g) * g));
    setAt(expAvg, idx, m);
    setAt(expAvgSq, idx, v);
    let s = v;
    if (maxExpAvgSq && o.amsgrad) {
      const old = getAt(maxExpAvgSq, idx);
      s = Number.isNaN(old) || Number.isNaN(v) ? NaN : Math.max(old, v);
      setAt(maxExpAvgSq, idx, s);
    }
    const denom = r(r(r(Math.sqrt(s)) / bc2Sqrt) + o.eps);
    setAt(param, idx, p + r(r(-stepSize * m) / denom));
  }
}
