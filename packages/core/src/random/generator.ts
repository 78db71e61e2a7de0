/**
 * `torch.Generator` for the CPU: a Mersenne Twister seeded exactly as PyTorch seeds it,
 * plus the cached second Box-Muller sample PyTorch keeps, so that after the same
 * `manualSeed` both libraries draw the same numbers.
 * @module
 */
import { MT19937, MERSENNE_STATE_N } from './mt19937.js';
import { sin } from './libm.js';
import { RuntimeError, ValueError } from '../errors.js';
import { deviceGenerator } from './philox.js';

/** The seed of a freshly constructed `torch.Generator()` (`default_rng_seed_val`). */
export const DEFAULT_RNG_SEED = 67280421310721n;

/** Size in bytes of PyTorch's CPU generator state (`CPUGeneratorImplState`). */
export const RNG_STATE_SIZE = 5056;
/** Size in bytes of the legacy state PyTorch still accepts (`CPUGeneratorImplStateLegacy`). */
export const RNG_STATE_SIZE_LEGACY = 5048;

// Byte offsets inside PyTorch's state struct (x86-64 layout, little-endian).
const OFF_SEED = 0;
const OFF_LEFT = 8;
const OFF_SEEDED = 12;
const OFF_NEXT = 16;
const OFF_STATE = 24;
const OFF_NORMAL_X = OFF_STATE + 8 * MERSENNE_STATE_N; // 5016
const OFF_NORMAL_Y = OFF_NORMAL_X + 8;
const OFF_NORMAL_RHO = OFF_NORMAL_Y + 8;
const OFF_NORMAL_VALID = OFF_NORMAL_RHO + 8; // 5040
const OFF_FLOAT_NORMAL = 5048;
const OFF_FLOAT_NORMAL_VALID = 5052;

const U64 = 1n << 64n;
const I64_MIN = -(1n << 63n);

/**
 * Converts a seed as PyTorch's `manual_seed` does: any integer in [-2^63, 2^64) is
 * accepted, negative ones wrap to their two's complement; floats are truncated
 * (Python's `int(seed)`).
 */
function normalizeSeed(seed: number | bigint): bigint {
  let s: bigint;
  if (typeof seed === 'bigint') {
    s = seed;
  } else if (typeof seed === 'number') {
    if (Number.isNaN(seed)) throw new ValueError('cannot convert float NaN to integer');
    if (!Number.isFinite(seed)) throw new RuntimeError('cannot convert float infinity to integer');
    s = BigInt(Math.trunc(seed));
  } else {
    throw new TypeError(`manual_seed expected an int, but got ${typeof seed}`);
  }
  if (s < I64_MIN || s >= U64) throw new RuntimeError('Overflow when unpacking long');
  return BigInt.asUintN(64, s);
}

/**
 * A fresh non-deterministic seed. PyTorch reads 64 bits from /dev/urandom; we keep 53
 * so that the seed is exact as a JS number (what `seed()` returns).
 */
function nonDeterministicSeed(): bigint {
  const words = new Uint32Array(2);
  const c = (globalThis as { crypto?: { getRandomValues?(a: Uint32Array): Uint32Array } }).crypto;
  if (c?.getRandomValues) c.getRandomValues(words);
  else for (let i = 0; i < 2; i++) words[i] = Math.floor(Math.random() * 4294967296);
  return (BigInt(words[0]! & 0x1fffff) << 32n) | BigInt(words[1]!);
}

/**
 * A CPU random-number generator, PyTorch's `torch.Generator()`. Pass it to the sampling
 * functions (or, through the tensor API, as `{ generator }`) to draw from a stream
 * independent of the global one.
 *
 * @example
 * ```ts
 * const g = new Generator().manualSeed(42);
 * uniform(g, 3, 'float32'); // the numbers of torch.rand(3, generator=torch.Generator().manual_seed(42))
 * const saved = g.getState();
 * uniform(g, 3, 'float32');
 * g.setState(saved);        // the next draws repeat
 * ```
 */
export class Generator {
  /** The device whose generator this is (always `'cpu'`). */
  readonly device: string = 'cpu';
  /** @internal The Mersenne Twister engine. */
  readonly engine: MT19937;
  /** @internal Cached second Box-Muller sample of the double-precision normal (PyTorch's `next_double_normal_sample_`). */
  nextDoubleNormalSample: number | undefined = undefined;
  /** @internal PyTorch's `next_float_normal_sample_`, kept for the state format (CPU kernels of 1.13 do not use it). */
  nextFloatNormalSample: number | undefined = undefined;

  /** Creates a generator seeded with PyTorch's default seed, 67280421310721. */
  constructor(device: string = 'cpu') {
    if (device !== 'cpu' && !device.startsWith('cpu:')) {
      throw new RuntimeError(`Generator: device '${device}' has no generator here; only 'cpu' is supported`);
    }
    this.engine = new MT19937(DEFAULT_RNG_SEED);
  }

  /** Seeds the generator (`manual_seed`) and returns it. Clears the cached normal sample. */
  manualSeed(seed: number | bigint): this {
    this.setCurrentSeed(normalizeSeed(seed));
    return this;
  }

  /** Seeds the generator from a non-deterministic source and returns the seed (`seed()`). */
  seed(): number {
    const s = nonDeterministicSeed();
    this.setCurrentSeed(s);
    return Number(s);
  }

  /**
   * The seed last set (`initial_seed()`). Seeds above 2^53 are not exact as a number:
   * see {@link Generator.initialSeedBigInt}.
   */
  initialSeed(): number {
    return Number(this.engine.seed);
  }

  /** The seed last set, exactly, as an unsigned 64-bit BigInt. */
  initialSeedBigInt(): bigint {
    return this.engine.seed;
  }

  /**
   * The full state (`get_state()`), as the 5056 bytes of PyTorch's `CPUGeneratorImplState`:
   * the bytes of `torch.get_rng_state()` for the same state, and accepted by `setState`.
   */
  getState(): Uint8Array {
    const bytes = new Uint8Array(RNG_STATE_SIZE);
    const v = new DataView(bytes.buffer);
    const e = this.engine;
    v.setBigUint64(OFF_SEED, e.seed, true);
    v.setInt32(OFF_LEFT, e.left, true);
    v.setInt32(OFF_SEEDED, e.seeded ? 1 : 0, true);
    v.setBigUint64(OFF_NEXT, BigInt(e.next), true);
    for (let i = 0; i < MERSENNE_STATE_N; i++) v.setUint32(OFF_STATE + 8 * i, e.state[i]!, true);
    if (this.nextDoubleNormalSample !== undefined) {
      v.setInt32(OFF_NORMAL_VALID, 1, true);
      v.setFloat64(OFF_NORMAL_Y, this.nextDoubleNormalSample, true);
    }
    if (this.nextFloatNormalSample !== undefined) {
      bytes[OFF_FLOAT_NORMAL_VALID] = 1;
      v.setFloat32(OFF_FLOAT_NORMAL, this.nextFloatNormalSample, true);
    }
    return bytes;
  }

  /**
   * Restores a state from {@link Generator.getState} or from PyTorch's
   * `get_rng_state()` bytes (the current 5056-byte format or the legacy 5048-byte one).
   */
  setState(state: Uint8Array): this {
    if (!(state instanceof Uint8Array)) throw new TypeError('RNG state must be a torch.ByteTensor');
    const size = state.byteLength;
    if (size !== RNG_STATE_SIZE && size !== RNG_STATE_SIZE_LEGACY) {
      throw new RuntimeError(
        `Expected either a CPUGeneratorImplStateLegacy of size ${RNG_STATE_SIZE_LEGACY} or a CPUGeneratorImplState of size ${RNG_STATE_SIZE} but found the input RNG state size to be ${size}`,
      );
    }
    const v = new DataView(state.buffer, state.byteOffset, size);
    const engine = new MT19937();
    engine.seed = v.getBigUint64(OFF_SEED, true);
    engine.left = v.getInt32(OFF_LEFT, true);
    engine.seeded = v.getInt32(OFF_SEEDED, true) !== 0;
    engine.next = v.getUint32(OFF_NEXT, true); // static_cast<uint32_t>(next)
    for (let i = 0; i < MERSENNE_STATE_N; i++) engine.state[i] = v.getUint32(OFF_STATE + 8 * i, true);
    if (!engine.isValid()) throw new RuntimeError('Invalid mt19937 state');

    let doubleSample: number | undefined;
    let floatSample: number | undefined;
    const normalValid = v.getInt32(OFF_NORMAL_VALID, true) !== 0;
    if (size === RNG_STATE_SIZE) {
      if (state[OFF_FLOAT_NORMAL_VALID] !== 0) floatSample = v.getFloat32(OFF_FLOAT_NORMAL, true);
      if (normalValid) doubleSample = v.getFloat64(OFF_NORMAL_Y, true);
    } else if (normalValid) {
      // The legacy format kept the Box-Muller inputs instead of the sample itself.
      const rho = v.getFloat64(OFF_NORMAL_RHO, true);
      const theta = 2.0 * Math.PI * v.getFloat64(OFF_NORMAL_X, true);
      // glibc's sin as PyTorch computes it; arguments past our range reduction are not
      // states PyTorch ever wrote, so V8's sine is good enough for them.
      doubleSample = rho * (Math.abs(theta) < 1e8 ? sin(theta) : Math.sin(theta));
    }
    this.engine.copyFrom(engine);
    this.nextDoubleNormalSample = doubleSample;
    this.nextFloatNormalSample = floatSample;
    return this;
  }

  /** A string like PyTorch's repr. */
  toString(): string {
    return '<torch._C.Generator object>';
  }

  private setCurrentSeed(seed: bigint): void {
    this.nextFloatNormalSample = undefined;
    this.nextDoubleNormalSample = undefined;
    this.engine.initWithUint32(seed);
  }
}

/**
 * The global CPU generator that every sampling function uses when none is given
 * (`torch.default_generator`). Like PyTorch's, it starts from a non-deterministic seed;
 * call {@link manualSeed} for reproducible results.
 */
export const defaultGenerator: Generator = new Generator();
defaultGenerator.seed();

/**
 * Seeds the global generator (`torch.manual_seed`) and returns it.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * uniform(defaultGenerator, 2, 'float32'); // Float32Array [0.49625658988952637, 0.7682217955589294], as torch.rand(2)
 * ```
 */
export function manualSeed(seed: number | bigint): Generator {
  defaultGenerator.manualSeed(seed);
  // Device fills (random/philox.ts) restart from the same seed, as PyTorch seeds every CUDA generator too.
  deviceGenerator.manualSeed(defaultGenerator.initialSeedBigInt());
  return defaultGenerator;
}

/** Reseeds the global generator non-deterministically and returns the seed (`torch.seed`). */
export function seed(): number {
  const s = defaultGenerator.seed();
  deviceGenerator.manualSeed(defaultGenerator.initialSeedBigInt());
  return s;
}

/** The seed of the global generator (`torch.initial_seed`). */
export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

/** The global generator's state (`torch.get_rng_state`), in PyTorch's byte format. */
export function getRngState(): Uint8Array {
  return defaultGenerator.getState();
}

/** Restores the global generator's state (`torch.set_rng_state`). */
export function setRngState(state: Uint8Array): void {
  defaultGenerator.setState(state);
}
