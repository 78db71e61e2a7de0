import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RNG_SEED,
  defaultGenerator,
  Generator,
  getRngState,
  initialSeed,
  manualSeed,
  RNG_STATE_SIZE,
  seed,
  setRngState,
} from '../../src/random/generator.js';
import { normal, uniform } from '../../src/random/sampling.js';
import { RuntimeError, ValueError } from '../../src/errors.js';
import { bytesOf, fixture, label, mismatch, run } from './random-fixture.js';

describe('Generator seeding', () => {
  it("starts from PyTorch's default seed", () => {
    expect(fixture.default_generator_seed).toBe('67280421310721');
    const g = new Generator();
    expect(g.initialSeed()).toBe(67280421310721);
    expect(g.initialSeedBigInt()).toBe(DEFAULT_RNG_SEED);
  });

  it('manualSeed returns the generator and sets initialSeed', () => {
    const g = new Generator();
    expect(g.manualSeed(42)).toBe(g);
    expect(g.initialSeed()).toBe(42);
    expect(g.manualSeed(2 ** 40 + 3).initialSeed()).toBe(2 ** 40 + 3);
    expect(g.manualSeed(7.9).initialSeed()).toBe(7); // Python's int(7.9)
  });

  it('wraps negative seeds and keeps all 64 bits, as PyTorch (checked in the fixture)', () => {
    for (const sc of fixture.scenarios.filter((s) => s.name === 'seed-edge')) {
      const g = new Generator().manualSeed(BigInt(sc.seed!));
      for (const c of sc.calls) expect(mismatch(c, run(g, c)), `${sc.seed} ${label(c)}`).toBeNull();
    }
    expect(new Generator().manualSeed(-1).initialSeedBigInt()).toBe(2n ** 64n - 1n);
    expect(new Generator().manualSeed(-1n).getState()).toEqual(new Generator().manualSeed(2n ** 64n - 1n).getState());
  });

  it('rejects seeds PyTorch rejects', () => {
    const g = new Generator();
    expect(() => g.manualSeed(2n ** 64n)).toThrow('Overflow when unpacking long');
    expect(() => g.manualSeed(2n ** 64n)).toThrow(RuntimeError);
    expect(() => g.manualSeed(NaN)).toThrow(ValueError);
    expect(() => g.manualSeed(-(2n ** 63n) - 1n)).toThrow('Overflow when unpacking long');
    expect(() => g.manualSeed(NaN)).toThrow('cannot convert float NaN to integer');
    expect(() => g.manualSeed(Infinity)).toThrow('cannot convert float infinity to integer');
  });

  it('seed() reseeds non-deterministically and reports the seed', () => {
    const g = new Generator();
    const s1 = g.seed();
    expect(Number.isSafeInteger(s1) && s1 >= 0).toBe(true);
    expect(g.initialSeed()).toBe(s1);
    const drawn = uniform(g, 4, 'float64');
    expect(uniform(new Generator().manualSeed(s1), 4, 'float64')).toEqual(drawn);
    expect(g.seed()).not.toBe(s1); // 2^-53 chance of a false failure
  });

  it('clears the cached Box-Muller sample on manualSeed', () => {
    const g = new Generator().manualSeed(0);
    normal(g, 1, 'float64'); // caches the pair's second value
    expect(g.nextDoubleNormalSample).toBeDefined();
    g.manualSeed(0);
    expect(g.nextDoubleNormalSample).toBeUndefined();
    expect(normal(g, 1, 'float64')).toEqual(normal(new Generator().manualSeed(0), 1, 'float64'));
  });

  it('rejects devices without a generator', () => {
    expect(() => new Generator('cuda')).toThrow(/only 'cpu'/);
    expect(new Generator('cpu').device).toBe('cpu');
  });
});

describe('the global generator', () => {
  it('is seeded by manualSeed / seed and read by initialSeed', () => {
    expect(manualSeed(5)).toBe(defaultGenerator);
    expect(initialSeed()).toBe(5);
    const s = seed();
    expect(initialSeed()).toBe(s);
  });

  it('saves and restores its state', () => {
    manualSeed(11);
    uniform(undefined, 5);
    const state = getRngState();
    const a = normal(undefined, 20);
    setRngState(state);
    expect(normal(undefined, 20)).toEqual(a);
  });
});

describe('Generator state', () => {
  it('has the bytes of torch.get_rng_state(), cached normal included', () => {
    const sc = fixture.scenarios.find((s) => s.name === 'mixed' && s.seed === '42')!;
    const g = manualSeed(42);
    let checked = 0;
    for (const c of sc.calls) {
      const got = run(g, c);
      expect(mismatch(c, got), label(c)).toBeNull();
      if (c.op === 'get_state' && c.expected.state) {
        const view = new DataView((got as Uint8Array).buffer);
        expect(view.getInt32(5040, true)).toBe(1); // normal_is_valid: randn(3) left a value
        checked++;
      }
    }
    expect(checked).toBe(1);
  });

  it("restores PyTorch's state bytes and continues exactly as PyTorch does", () => {
    const sc = fixture.scenarios.find((s) => s.name === 'mixed' && s.seed === '42')!;
    const at = sc.calls.findIndex((c) => c.op === 'get_state' && c.expected.state);
    const g = new Generator().setState(bytesOf(sc.calls[at]!.expected.state!));
    expect(g.initialSeed()).toBe(42);
    for (const c of sc.calls.slice(at + 1)) expect(mismatch(c, run(g, c)), label(c)).toBeNull();
  });

  it("reads PyTorch's legacy 5048-byte format", () => {
    const { seed: s, pre, after } = fixture.legacy_state;
    const g = new Generator().manualSeed(s);
    run(g, pre);
    const legacy = g.getState().slice(0, 5048);
    const g2 = new Generator().setState(legacy);
    expect(mismatch(after, run(g2, after)), label(after)).toBeNull();
  });

  it('round-trips and is a copy', () => {
    const g = new Generator().manualSeed(3);
    normal(g, 5, 'float32');
    const state = g.getState();
    expect(state.byteLength).toBe(RNG_STATE_SIZE);
    g.getState().fill(0); // a copy: the generator is unaffected
    const a = uniform(g, 10, 'float64');
    const g2 = new Generator().setState(state);
    state.fill(0); // setState copied it too
    expect(uniform(g2, 10, 'float64')).toEqual(a);
  });

  it('rejects malformed states like PyTorch', () => {
    const g = new Generator();
    expect(() => g.setState(new Uint8Array(10))).toThrow(
      'Expected either a CPUGeneratorImplStateLegacy of size 5048 or a CPUGeneratorImplState of size 5056 but found the input RNG state size to be 10',
    );
    const bad = g.getState();
    new DataView(bad.buffer).setInt32(8, 0, true); // left = 0
    expect(() => g.setState(bad)).toThrow('Invalid mt19937 state');
    expect(() => g.setState([1, 2] as unknown as Uint8Array)).toThrow(TypeError);
  });
});
