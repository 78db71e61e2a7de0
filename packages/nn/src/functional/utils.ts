/**
 * Argument helpers shared by the functional ops: int-or-tuple arguments (`_pair`), and
 * PyTorch's reduction argument.
 * @module
 */
import { RuntimeError, ValueError } from '@torchts/core';

/** A loss reduction: `'mean'` (default), `'sum'` or `'none'`. */
export type Reduction = 'mean' | 'sum' | 'none';

/** @internal PyTorch's `_ntuple`: `n` copies of a number, or the array itself (checked). */
export function ntuple(v: number | readonly number[], n: number, name: string): number[] {
  if (typeof v === 'number') return Array<number>(n).fill(v);
  if (!Array.isArray(v) || v.length !== n) {
    throw new RuntimeError(`expected ${name} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${name}=[${String(v)}]`);
  }
  return [...v];
}

/** @internal `[v, v]` or the pair itself. */
export function pair(v: number | readonly number[], name = 'value'): [number, number] {
  return ntuple(v, 2, name) as [number, number];
}

/** @internal Checks a reduction name. */
export function checkReduction(r: string): Reduction {
  if (r !== 'mean' && r !== 'sum' && r !== 'none') throw new ValueError(`${r} is not a valid value for reduction`);
  return r;
}

/** @internal Tuple text as Python prints it: `(5, 5)`, `(1,)`. */
export function tupleStr(v: readonly number[]): string {
  return v.length === 1 ? `(${v[0]},)` : `(${v.join(', ')})`;
}
