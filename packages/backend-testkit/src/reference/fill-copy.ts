/**
 * Reference `fill` and `copy`.
 * @module
 */
import type { View } from '@torchts/core';
import { getAt, indicesOf, setAt } from './storage.js';

/** Sets every element of `out` to `value`. */
export function fill(out: View, value: number): void {
  for (const idx of indicesOf(out.shape)) setAt(out, idx, value);
}

/** Copies `src` into `out`, converting to out's dtype (see `roundTo`). */
export function copy(src: View, out: View): void {
  // Read everything first, so that overlapping src and out behave as a copy through a temporary.
  const all = indicesOf(out.shape);
  const values = all.map((idx) => getAt(src, idx));
  all.forEach((idx, i) => setAt(out, idx, values[i]));
}
