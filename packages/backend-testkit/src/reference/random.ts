/**
 * Reference random fills: core's Philox4x32-10 recipe (`philoxFill`), the specification every
 * backend's `FusedKernels.random` follows.
 * @module
 */
import { philoxFill, type PhiloxDtypeName, type RandomKind, type View } from '@torchts/core';
import { indicesOf, setAt } from './storage.js';

/** Writes `philoxFill(kind, ...)` into `out`, row-major. */
export function random(kind: RandomKind, out: View, seed: bigint, offset: number, a: number, b: number): void {
  const dt = out.buffer.dtype;
  const name = (dt.isFloatingPoint ? dt.name : 'float64') as PhiloxDtypeName;
  if (kind !== 'bernoulli' && !dt.isFloatingPoint) throw new Error(`random: ${kind} needs a float dtype, got ${dt.name}`);
  const idxs = indicesOf(out.shape);
  const values = philoxFill(kind, name, idxs.length, seed, offset, a, b);
  idxs.forEach((idx, i) => setAt(out, idx, values[i]!));
}
