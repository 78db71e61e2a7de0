/**
 * Loads test/fixtures/random.json, the numbers PyTorch 1.13 draws (written by
 * test/fixtures/gen_random.py), and replays its calls with torchts.
 */
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Generator } from '../../src/random/generator.js';
import * as S from '../../src/random/sampling.js';

export interface Encoded {
  dtype: 'float32' | 'float64' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8';
  b64: string;
}

export interface Call {
  op: 'rand' | 'randn' | 'randint' | 'random_' | 'randperm' | 'bernoulli' | 'get_state' | 'initial_seed';
  n: number;
  dtype: string;
  from?: number;
  to?: number;
  mean?: number;
  std?: number;
  low?: number;
  high?: number;
  p?: number;
  full?: boolean;
  generator?: 'default' | 'g1' | 'g2';
  expected: Encoded & { state?: string; sha256?: string; seed?: string };
}

export interface Scenario {
  name: string;
  seed?: string;
  seeds?: Record<string, string>;
  generator?: 'default' | 'object';
  calls: Call[];
}

export interface RandomFixture {
  torch: string;
  cpu_capability: string;
  default_generator_seed: string;
  scenarios: Scenario[];
  libm: Record<'log_in' | 'log_out' | 'trig_in' | 'sin_out' | 'cos_out' | 'sincos_out', string>;
  legacy_state: { seed: number; pre: Call; after: Call };
}

export const fixture: RandomFixture = JSON.parse(
  readFileSync(new URL('../fixtures/random.json', import.meta.url), 'utf8'),
) as RandomFixture;

export function bytesOf(b64: string): Uint8Array {
  const buf = Buffer.from(b64, 'base64');
  // Copy so that typed views start at offset 0 of their own buffer.
  return new Uint8Array(buf);
}

export function decode(e: Encoded): Float32Array | Float64Array | BigInt64Array | Int32Array | Int16Array | Int8Array | Uint8Array {
  const buf = bytesOf(e.b64).buffer;
  switch (e.dtype) {
    case 'float32': return new Float32Array(buf);
    case 'float64': return new Float64Array(buf);
    case 'int64': return new BigInt64Array(buf);
    case 'int32': return new Int32Array(buf);
    case 'int16': return new Int16Array(buf);
    case 'int8': return new Int8Array(buf);
    case 'uint8': return new Uint8Array(buf);
  }
}

export function float64s(b64: string): Float64Array {
  return new Float64Array(bytesOf(b64).buffer);
}

/** Runs one fixture call with torchts. */
export function run(g: Generator, c: Call): ArrayLike<number | bigint> | Uint8Array | bigint {
  switch (c.op) {
    case 'rand': return S.uniform(g, c.n, c.dtype as S.FloatDTypeName, c.from ?? 0, c.to ?? 1);
    case 'randn': return S.normal(g, c.n, c.dtype as S.FloatDTypeName, c.mean ?? 0, c.std ?? 1);
    case 'randint': return S.randint(g, c.n, c.low!, c.high!);
    case 'random_':
      return c.dtype === 'int64' ? S.randomInt64(g, c.n) : S.random_(g, c.n, c.dtype as 'int32');
    case 'randperm': return S.randperm(g, c.n);
    case 'bernoulli': return S.bernoulli(g, c.n, c.p!, c.dtype as 'float32');
    case 'get_state': return g.getState();
    case 'initial_seed': return g.initialSeedBigInt();
  }
}

/**
 * Compares a result with the fixture; returns a description of the first difference,
 * or null. Numbers must be identical (Object.is), int64 values exact.
 */
export function mismatch(c: Call, got: ReturnType<typeof run>): string | null {
  if (c.op === 'get_state') {
    const bytes = got as Uint8Array;
    if (c.expected.state !== undefined) {
      return Buffer.from(bytes).toString('base64') === c.expected.state ? null : 'state bytes differ';
    }
    const hash = createHash('sha256').update(bytes).digest('hex');
    return hash === c.expected.sha256 ? null : `state sha256 ${hash} != ${c.expected.sha256}`;
  }
  if (c.op === 'initial_seed') {
    return String(got) === c.expected.seed ? null : `initial seed ${String(got)} != ${c.expected.seed}`;
  }
  const want = decode(c.expected);
  const have = got as ArrayLike<number | bigint>;
  if (have.length !== want.length) return `length ${have.length} != ${want.length}`;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const h = have[i]!;
    const same = typeof w === 'bigint'
      ? (typeof h === 'bigint' ? h === w : Number(w) === h)
      : Object.is(w, Number(h));
    if (!same) return `element ${i}: got ${String(h)}, PyTorch ${String(w)}`;
  }
  return null;
}

/** A short label for a call. */
export function label(c: Call): string {
  const { expected: _e, ...rest } = c;
  return JSON.stringify(rest);
}
