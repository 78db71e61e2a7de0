/**
 * Random element values per dtype: small integer ranges, floats with negatives, ties and, where
 * an op defines them, NaN and infinities.
 * @module
 */
import type { DType, DTypeName, TypedArray } from '@torchts/core';
import { roundTo } from '../reference/round.js';
import type { Rng } from './random.js';

/** What values an op's inputs may take. Every field is optional. */
export interface Domain {
  /** Floats: the uniform range (default [-4, 4]). */
  range?: [number, number];
  /** Floats: include NaN (default true). */
  nan?: boolean;
  /** Floats: include ±Infinity (default true). */
  inf?: boolean;
  /** Integers: the range, per dtype or for all (defaults: full range for 8-bit, ±1000, ±100000). */
  intRange?: [number, number] | Partial<Record<DTypeName, [number, number]>>;
  /** Never zero (integer divisors). */
  nonZero?: boolean;
  /** Draw from these values only (then rounded to the dtype). */
  choices?: readonly number[];
}

const defaultIntRange: Record<string, [number, number]> = {
  int8: [-128, 127], uint8: [0, 255], int16: [-1000, 1000], int32: [-100000, 100000], int64: [-100000, 100000],
};

/** One random value of `dtype`, already rounded to it. */
export function randomValue(rng: Rng, dtype: DType, domain: Domain = {}): number {
  let v: number;
  if (domain.choices) v = rng.pick(domain.choices);
  else if (dtype.isBool) v = rng.int(0, 1);
  else if (dtype.isInteger) {
    const r = domain.intRange;
    const [lo, hi] = Array.isArray(r) ? r : r?.[dtype.name] ?? defaultIntRange[dtype.name];
    v = rng.int(Math.max(lo, defaultIntRange[dtype.name][0]), Math.min(hi, defaultIntRange[dtype.name][1]));
  } else {
    const [lo, hi] = domain.range ?? [-4, 4];
    const u = rng.next();
    const specials = (domain.nan ?? true) || (domain.inf ?? true);
    if (specials && u < 0.08) {
      const s = rng.next();
      if ((domain.nan ?? true) && (s < 0.4 || !(domain.inf ?? true))) v = NaN;
      else v = s < 0.7 ? Infinity : -Infinity;
    } else if (u < 0.13) v = rng.pick([0, -0]);
    else if (u < 0.28) v = Math.round(rng.uniform(lo, hi) * 2) / 2; // halves: ties for round/floor
    else v = rng.uniform(lo, hi);
  }
  v = roundTo(dtype, v);
  if (domain.nonZero && v === 0) return randomValue(rng, dtype, domain);
  return v;
}

/** A storage of `n` random values of `dtype`, in the dtype's CPU TypedArray. */
export function randomStorage(rng: Rng, dtype: DType, n: number, domain: Domain = {}): TypedArray {
  const out = new dtype.ArrayType(n);
  for (let i = 0; i < n; i++) out[i] = randomValue(rng, dtype, domain);
  return out;
}
