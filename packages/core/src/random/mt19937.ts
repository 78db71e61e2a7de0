/**
 * The 32-bit Mersenne Twister, exactly as PyTorch's `at::mt19937` (ATen's
 * `MT19937RNGEngine.h`): same seeding, same output stream, so a seed gives the
 * numbers PyTorch's CPU generator gives.
 * @module
 */

/** Number of 32-bit words in the Mersenne Twister state. */
export const MERSENNE_STATE_N = 624;
const MERSENNE_STATE_M = 397;
const MATRIX_A = 0x9908b0df;
const UMASK = 0x80000000;
const LMASK = 0x7fffffff;

/** 2^32, to combine two 32-bit draws into one number without BigInt. */
const TWO32 = 4294967296;

/**
 * The Mersenne Twister engine of PyTorch's CPU generator.
 *
 * PyTorch seeds it with only the low 32 bits of the (64-bit) seed, but remembers
 * the full seed for `initial_seed()`.
 *
 * @example
 * ```ts
 * const mt = new MT19937(0n);
 * mt.nextUint32(); // 2357136044, as std::mt19937(0)() and torch's engine
 * ```
 */
export class MT19937 {
  /** The seed it was created with (all 64 bits, as PyTorch keeps it). */
  seed: bigint;
  /** How many draws are left before the next twist, plus one (PyTorch's `left_`). */
  left: number;
  /** Whether it was seeded (always true here; kept for PyTorch's state format). */
  seeded: boolean;
  /** Index of the next state word to temper (PyTorch's `next_`). */
  next: number;
  /** The 624-word state. */
  readonly state: Uint32Array;

  /** Seeds the engine; PyTorch's default engine seed is 5489. */
  constructor(seed: bigint = 5489n) {
    this.state = new Uint32Array(MERSENNE_STATE_N);
    this.seed = 0n;
    this.left = 1;
    this.seeded = false;
    this.next = 0;
    this.initWithUint32(seed);
  }

  /** Re-seeds in place, as `mt19937(seed)` does (only the low 32 bits enter the state). */
  initWithUint32(seed: bigint): void {
    const s = this.state;
    this.seed = BigInt.asUintN(64, seed);
    this.seeded = true;
    s[0] = Number(BigInt.asUintN(32, seed));
    for (let j = 1; j < MERSENNE_STATE_N; j++) {
      const prev = s[j - 1]!;
      // 1812433253 * (prev ^ (prev >> 30)) + j, modulo 2^32.
      s[j] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + j) >>> 0;
    }
    this.left = 1;
    this.next = 0;
  }

  /** One 32-bit draw (PyTorch's `engine_()` / `CPUGeneratorImpl::random()`). */
  nextUint32(): number {
    if (--this.left === 0) this.nextState();
    let y = this.state[this.next++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * PyTorch's `random64()`: two draws, the first one the high word.
   * Returned as a BigInt (exact); see {@link MT19937.nextDouble53} for the fast path.
   */
  random64(): bigint {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * `random64() & (2^53 - 1)` as an exact JS number: the low 53 bits that PyTorch's
   * double-precision uniform uses, without allocating a BigInt.
   */
  nextUint53(): number {
    const hi = this.nextUint32();
    const lo = this.nextUint32();
    return (hi & 0x1fffff) * TWO32 + lo;
  }

  /** Whether the state is one PyTorch accepts (`mt19937_engine::is_valid`). */
  isValid(): boolean {
    return this.seeded && this.left > 0 && this.left <= MERSENNE_STATE_N && this.next <= MERSENNE_STATE_N;
  }

  /** Copies another engine's state into this one. */
  copyFrom(other: MT19937): void {
    this.seed = other.seed;
    this.left = other.left;
    this.seeded = other.seeded;
    this.next = other.next;
    this.state.set(other.state);
  }

  private nextState(): void {
    const s = this.state;
    this.left = MERSENNE_STATE_N;
    this.next = 0;
    const N = MERSENNE_STATE_N;
    const M = MERSENNE_STATE_M;
    let p = 0;
    for (; p < N - M; p++) s[p] = s[p + M]! ^ twist(s[p]!, s[p + 1]!);
    for (; p < N - 1; p++) s[p] = s[p + M - N]! ^ twist(s[p]!, s[p + 1]!);
    s[p] = s[p + M - N]! ^ twist(s[p]!, s[0]!);
  }
}

function twist(u: number, v: number): number {
  const mixed = (u & UMASK) | (v & LMASK);
  return ((mixed >>> 1) ^ (v & 1 ? MATRIX_A : 0)) >>> 0;
}
