/**
 * Philox4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", Random123) and
 * the exact recipe by which device backends turn it into random fills. This file is the
 * specification and the test oracle of every backend's `FusedKernels.random` kernel: a backend's
 * uniform fill must equal {@link philoxFill} bit for bit, its normal fill within a few ulps
 * (only the `log`/`cos`/`sin` of its math library differ), its bernoulli fill exactly.
 *
 * The recipe, for a fill of `n` elements with seed `s` (uint64) and offset `o` (a multiple of 4:
 * the number of 32-bit words the device generator handed out before this fill):
 * - key = `[s & 0xffffffff, s >> 32]`; block `j` (0-based within the fill) is the Philox output
 *   for counter `[lo32(o/4 + j), hi32(o/4 + j), 0, 0]`: four 32-bit words.
 * - Element `i` takes `w` consecutive words starting at word `w*i` of the fill's stream
 *   (word `k` is lane `k % 4` of block `floor(k / 4)`), where `w` is 2 for float64 uniform and
 *   normal and 1 otherwise (float32, float16, bfloat16, bernoulli). The fill consumes
 *   `4 * ceil(w*n / 4)` words: the offset advances by that much.
 * - 24-bit uniform of a word: `(x >>> 8) * 2^-24` in [0, 1). 53-bit uniform of words (x, y):
 *   `((x >>> 5) * 2^26 + (y >>> 6)) * 2^-53` in [0, 1).
 * - uniform(a, b), float32/float16/bfloat16: in float32 with round-to-nearest and no fused
 *   multiply-add, `lo = f32(a)`, `range = f32(f32(b) - lo)`, `v = f32(f32(u * range) + lo)`,
 *   then rounded to the dtype; float64: `v = (u53 * (b - a)) + a` in float64, no FMA.
 * - normal(mean, std) by Box-Muller in float64: elements come in pairs (lanes 0-1 and 2-3 of a
 *   block for 1-word dtypes; one whole block per pair for float64). From the pair's first
 *   uniform `u1` (shifted into (0, 1]: the 24-bit `((x >>> 8) + 1) * 2^-24`, or the 53-bit one
 *   plus 2^-53) and its second `u2` (in [0, 1)): `r = sqrt(-2 log u1)`, `t = 2 pi u2`; the first
 *   element is `r cos t`, the second `r sin t`; then `v = mean + std * z` in float64 (no FMA),
 *   rounded once to the dtype.
 * - bernoulli(p): the 24-bit uniform `u` of the element's word; the value is `u < p ? 1 : 0`
 *   (written in any dtype).
 *
 * These numbers are NOT PyTorch's CUDA numbers: PyTorch lays out one curand Philox state per
 * thread, which depends on its launch configuration; we define a layout that does not.
 * CPU tensors keep PyTorch's Mersenne-Twister stream (`torch.manualSeed` reproduces PyTorch's
 * CPU numbers); device fills draw from {@link deviceGenerator} instead, which `manualSeed`
 * also reseeds.
 * @module
 */
import { roundToFloat16 } from './float-ops.js';

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32. */
function mulhi(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  return (p11 + Math.floor(p01 / 65536) + Math.floor(p10 / 65536) + Math.floor(mid / 65536)) >>> 0;
}

/**
 * The Philox4x32-10 block function: four 32-bit output words for a 128-bit counter and a
 * 64-bit key (each as uint32 words, least significant first), as Random123's `philox4x32`.
 *
 * @example
 * ```ts
 * philox4x32([0, 0, 0, 0], [0, 0]); // Uint32Array [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]
 * ```
 */
export function philox4x32(
  counter: readonly number[], key: readonly number[], out: Uint32Array = new Uint32Array(4),
): Uint32Array {
  let c0 = counter[0]! >>> 0, c1 = counter[1]! >>> 0, c2 = counter[2]! >>> 0, c3 = counter[3]! >>> 0;
  let k0 = key[0]! >>> 0, k1 = key[1]! >>> 0;
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi(M0, c0), lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2), lo1 = Math.imul(M1, c2) >>> 0;
    const n0 = (hi1 ^ c1 ^ k0) >>> 0, n2 = (hi0 ^ c3 ^ k1) >>> 0;
    c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
  }
  out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
  return out;
}

/** What a device random fill draws. */
export type RandomKind = 'uniform' | 'normal' | 'bernoulli';

/** The float dtypes the oracle computes (bernoulli writes 0/1 in any dtype: use 'float64'). */
export type PhiloxDtypeName = 'float32' | 'float64' | 'float16' | 'bfloat16';

/** 32-bit words each element of a fill consumes (2 for float64 uniform/normal, else 1). */
export function philoxWordsPerElement(kind: RandomKind, dtype: PhiloxDtypeName): number {
  return kind !== 'bernoulli' && dtype === 'float64' ? 2 : 1;
}

/** Words a fill of `n` elements consumes: the amount the generator's offset advances (a multiple of 4). */
export function philoxWordsConsumed(kind: RandomKind, dtype: PhiloxDtypeName, n: number): number {
  return 4 * Math.ceil((philoxWordsPerElement(kind, dtype) * n) / 4);
}

const TWO_M24 = 2 ** -24;
const TWO_M53 = 2 ** -53;

function roundBF16(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  const b = u[0]!;
  if ((b & 0x7f800000) === 0x7f800000 && (b & 0x7fffff) !== 0) return x; // NaN
  u[0] = ((b + 0x7fff + ((b >>> 16) & 1)) & 0xffff0000) >>> 0;
  return f[0]!;
}

function rounder(dtype: PhiloxDtypeName): (x: number) => number {
  switch (dtype) {
    case 'float64': return (x) => x;
    case 'float32': return Math.fround;
    case 'float16': return (x) => roundToFloat16(Math.fround(x));
    default: return (x) => roundBF16(Math.fround(x));
  }
}

/**
 * The oracle of device random fills: the `n` values a backend's `random` kernel writes
 * (row-major) for `kind`, `dtype`, seed and offset (see the module comment for the recipe).
 * `a`, `b` are [from, to) for uniform, mean and std for normal, and `a` the probability for
 * bernoulli. float16/bfloat16 values come rounded, in a Float64Array like the others.
 *
 * @example
 * ```ts
 * philoxFill('uniform', 'float32', 4, 0n, 0, 0, 1); // [0x6627e8 * 2^-24, 0xe169c5 * 2^-24, ...]
 * ```
 */
export function philoxFill(
  kind: RandomKind, dtype: PhiloxDtypeName, n: number, seed: bigint, offset: number, a: number, b: number,
): Float64Array {
  if (offset % 4 !== 0) throw new RangeError(`philoxFill: offset ${offset} is not a multiple of 4`);
  const key = [Number(BigInt.asUintN(32, seed)), Number(BigInt.asUintN(32, seed >> 32n))];
  const w = philoxWordsPerElement(kind, dtype);
  const words = philoxWordsConsumed(kind, dtype, n);
  const stream = new Uint32Array(words);
  const block = new Uint32Array(4);
  const base = offset / 4;
  for (let j = 0; j < words / 4; j++) {
    const c = base + j;
    philox4x32([c % 4294967296, Math.floor(c / 4294967296), 0, 0], key, block);
    stream.set(block, 4 * j);
  }
  const out = new Float64Array(n);
  const round = rounder(dtype);
  const u24 = (x: number): number => (x >>> 8) * TWO_M24;
  const u53 = (x: number, y: number): number => ((x >>> 5) * 67108864 + (y >>> 6)) * TWO_M53;
  if (kind === 'bernoulli') {
    for (let i = 0; i < n; i++) out[i] = u24(stream[i]!) < a ? 1 : 0;
  } else if (kind === 'uniform') {
    if (w === 2) {
      const range = b - a;
      for (let i = 0; i < n; i++) out[i] = u53(stream[2 * i]!, stream[2 * i + 1]!) * range + a;
    } else {
      const lo = Math.fround(a), range = Math.fround(Math.fround(b) - lo);
      for (let i = 0; i < n; i++) out[i] = round(Math.fround(Math.fround(u24(stream[i]!) * range) + lo));
    }
  } else {
    // Pairs of elements share a Box-Muller transform; `p` is the pair's first word.
    for (let i = 0; i < n; i++) {
      let u1: number, u2: number;
      if (w === 2) {
        const p = 4 * (i >> 1);
        u1 = u53(stream[p]!, stream[p + 1]!) + TWO_M53;
        u2 = u53(stream[p + 2]!, stream[p + 3]!);
      } else {
        const p = 2 * (i >> 1);
        u1 = ((stream[p]! >>> 8) + 1) * TWO_M24;
        u2 = u24(stream[p + 1]!);
      }
      const r = Math.sqrt(-2 * Math.log(u1)), t = 2 * Math.PI * u2;
      const z = (i & 1) === 0 ? r * Math.cos(t) : r * Math.sin(t);
      out[i] = round(a + b * z);
    }
  }
  return out;
}

/**
 * The state of device random fills, as PyTorch's CUDA generator keeps it: a Philox seed and an
 * offset (32-bit words handed out so far, a multiple of 4). One state serves every non-CPU
 * device. `torch.manualSeed(s)` sets seed `s` and offset 0.
 */
export class PhiloxGenerator {
  /** The seed, an unsigned 64-bit integer. */
  seed: bigint;
  /** Words handed out since the last seeding (a multiple of 4). */
  offset = 0;

  /** A generator with PyTorch's default seed 67280421310721. */
  constructor(seed: bigint = 67280421310721n) {
    this.seed = seed;
  }

  /** Sets the seed (reduced to uint64) and resets the offset. */
  manualSeed(seed: bigint): this {
    this.seed = BigInt.asUintN(64, seed);
    this.offset = 0;
    return this;
  }

  /** Hands out `words` words: returns the offset the fill starts at and advances it. */
  reserve(words: number): number {
    const start = this.offset;
    this.offset += 4 * Math.ceil(words / 4);
    return start;
  }
}

/** The device generator that device fills use when no `generator` is given. */
export const deviceGenerator: PhiloxGenerator = new PhiloxGenerator();
