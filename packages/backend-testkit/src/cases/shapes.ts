/**
 * Random shapes: rank 0 to 4, with size-0 and size-1 dims among them.
 * @module
 */
import type { Rng } from './random.js';

/** Options of {@link randomShape}. */
export interface ShapeOptions {
  /** Smallest rank (default 0). */
  minRank?: number;
  /** Largest rank (default 4). */
  maxRank?: number;
  /** At most this many elements (default 240); dims shrink to fit. */
  maxNumel?: number;
  /** Whether a dim may be 0 (default true). */
  allowZero?: boolean;
}

/** Sizes a dim is drawn from: mostly small, often 1, sometimes 0, sometimes past 8. */
const SIZES = [1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 13];

/** Number of elements of a shape. */
export function numelOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** A random shape. */
export function randomShape(rng: Rng, o: ShapeOptions = {}): number[] {
  const { minRank = 0, maxRank = 4, maxNumel = 240, allowZero = true } = o;
  const rank = rng.int(minRank, maxRank);
  const shape = Array.from({ length: rank }, () => (allowZero && rng.chance(0.04) ? 0 : rng.pick(SIZES)));
  while (numelOf(shape) > maxNumel) {
    const d = shape.indexOf(Math.max(...shape));
    shape[d] = Math.max(1, Math.floor(shape[d] / 2));
  }
  return shape;
}

/**
 * `count` shapes for a test: a scalar, a size-0 shape (when allowed), a shape of ones, a long
 * 1-d shape past typical vector widths and unroll factors (when `large`), then random ones.
 */
export function shapeCases(rng: Rng, count: number, o: ShapeOptions & { large?: boolean } = {}): number[][] {
  const { minRank = 0, maxRank = 4, allowZero = true, large = true } = o;
  const fixed: number[][] = [];
  if (minRank === 0) fixed.push([]);
  if (allowZero && maxRank >= 2) fixed.push(minRank <= 2 ? [3, 0] : [2, 0, 3, ...Array(Math.max(0, minRank - 3)).fill(1)]);
  fixed.push(Array(Math.max(minRank, Math.min(maxRank, 2))).fill(1));
  if (large && minRank <= 1 && maxRank >= 1) fixed.push([rng.int(1000, 1100)]);
  while (fixed.length < count) fixed.push(randomShape(rng, o));
  return fixed;
}
