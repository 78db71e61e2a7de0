/**
 * Strided layouts of a logical shape inside a larger storage: contiguous, offset, permuted
 * (transposed), sliced with steps, broadcast (0 strides, inputs only), and mixtures.
 * @module
 */
import type { Rng } from './random.js';

/** How a view sits in its storage. */
export type LayoutKind = 'contiguous' | 'offset' | 'permuted' | 'sliced' | 'broadcast' | 'mixed';

/** Layout kinds an output may take (never broadcast: outputs do not overlap themselves). */
export const outputLayoutKinds: readonly LayoutKind[] = ['contiguous', 'offset', 'permuted', 'sliced', 'mixed'];
/** Layout kinds an input may take. */
export const inputLayoutKinds: readonly LayoutKind[] = [...outputLayoutKinds, 'broadcast'];

/** A view's geometry plus the size of the storage it needs. */
export interface Layout {
  readonly kind: LayoutKind;
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  /** Elements the storage must hold (at least one past the view's furthest element). */
  readonly storageSize: number;
}

/** Row-major strides of a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= Math.max(shape[d], 1);
  }
  return s;
}

/**
 * A random layout of `kind` for `shape`. Non-contiguous kinds also give size-1 dims odd strides
 * (they never matter for addressing, and kernels must not assume they are contiguous ones).
 * `broadcast` zeroes the stride of at least one dim, sometimes of all (an expanded scalar).
 */
export function makeLayout(rng: Rng, shape: readonly number[], kind: LayoutKind): Layout {
  const r = shape.length;
  const mixed = kind === 'mixed';
  const sliced = kind === 'sliced' || (mixed && rng.chance(0.7));
  const permuted = kind === 'permuted' || (mixed && rng.chance(0.7));
  const offset0 = kind === 'offset' || mixed ? rng.int(1, 5) : 0;
  const everyDim = rng.chance(0.25); // a scalar expanded to the whole shape
  const bcast = shape.map((s) => kind === 'broadcast' && (everyDim || s === 1 || rng.chance(0.5)));
  if (kind === 'broadcast' && !bcast.includes(true) && r > 0) bcast[rng.int(0, r - 1)] = true;

  const steps = shape.map(() => (sliced ? rng.int(1, 3) : 1));
  const starts = shape.map(() => (sliced ? rng.int(0, 2) : 0));
  // Extent of each storage dim: the slice plus its start and some slack.
  const extents = shape.map((s, d) =>
    bcast[d] ? 1 : Math.max(s - 1, 0) * steps[d] + 1 + starts[d] + (sliced ? rng.int(0, 1) : 0));
  // Storage dim order: order[0] outermost; a permutation makes the view a transposed one.
  const order = permuted ? rng.shuffle([...Array(r).keys()]) : [...Array(r).keys()];
  const storageStrides = new Array<number>(r);
  let size = 1;
  for (let k = r - 1; k >= 0; k--) {
    storageStrides[order[k]] = size;
    size *= extents[order[k]];
  }
  const plain = kind === 'contiguous' || kind === 'offset';
  const strides = shape.map((s, d) => {
    if (bcast[d] && s !== 1) return 0;
    if (s === 1 && !plain) return rng.pick([0, 1, 3, storageStrides[d] * steps[d]]);
    return storageStrides[d] * steps[d];
  });
  const offset = offset0 + starts.reduce((o, st, d) => o + st * storageStrides[d], 0);
  const numel = shape.reduce((a, b) => a * b, 1);
  const storageSize = numel === 0 ? offset : offset0 + size + (offset0 ? rng.int(0, 3) : 0);
  return { kind, shape: [...shape], strides, offset, storageSize };
}
