/**
 * Reference reductions.
 * @module
 */
import type { ReduceOp, View } from '@torchts/core';
import { getAt, indicesOf, numelOf, setAt } from './storage.js';

/** Position of the first NaN, else of the first value `better` than all before it. */
function argBest(values: readonly number[], better: (x: number, y: number) => boolean): number {
  const nan = values.findIndex(Number.isNaN);
  if (nan >= 0) return nan;
  let best = 0;
  for (let i = 1; i < values.length; i++) if (better(values[i], values[best])) best = i;
  return best;
}

/** Each reduction over the values of one output element, in row-major order of the source. */
export const reduceFunctions: Record<ReduceOp, (values: readonly number[]) => number> = {
  sum: (v) => v.reduce((s, x) => s + x, 0),
  prod: (v) => v.reduce((p, x) => p * x, 1),
  // NaN propagates through max/min (Math.max/min do that), as in PyTorch.
  max: (v) => v.reduce((m, x) => Math.max(m, x), -Infinity),
  min: (v) => v.reduce((m, x) => Math.min(m, x), Infinity),
  // argmax/argmin: the first NaN if any (NaN counts as the extreme), else the first extreme.
  argmax: (v) => argBest(v, (x, y) => x > y),
  argmin: (v) => argBest(v, (x, y) => x < y),
  all: (v) => +v.every((x) => x !== 0),
  any: (v) => +v.some((x) => x !== 0),
};

/**
 * Reduces `src` over `dims` into `out` (src's shape with those dims set to 1). The values of
 * each output element are gathered in row-major order, so that argmax/argmin over all dims
 * give the index into the flattened tensor.
 */
export function reduce(op: ReduceOp, src: View, dims: readonly number[], out: View): void {
  const groups: number[][] = Array.from({ length: numelOf(out.shape) }, () => []);
  for (const idx of indicesOf(src.shape)) {
    let g = 0; // row-major position of the output element
    for (let d = 0; d < idx.length; d++) g = g * out.shape[d] + (dims.includes(d) ? 0 : idx[d]);
    groups[g].push(getAt(src, idx));
  }
  indicesOf(out.shape).forEach((idx, g) => setAt(out, idx, reduceFunctions[op](groups[g])));
}
