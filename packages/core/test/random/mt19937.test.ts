import { describe, expect, it } from 'vitest';
import { MERSENNE_STATE_N, MT19937 } from '../../src/random/mt19937.js';
import { fixture, decode } from './random-fixture.js';

describe('MT19937', () => {
  it('produces the reference mt19937 stream (C++ [rand.predef]: the 10000th draw of seed 5489 is 4123659995)', () => {
    const mt = new MT19937();
    let v = 0;
    for (let i = 0; i < 10000; i++) v = mt.nextUint32();
    expect(v).toBe(4123659995);
  });

  it('matches std::mt19937 for seed 0 and uses only the low 32 bits of the seed', () => {
    expect(new MT19937(0n).nextUint32()).toBe(2357136044);
    const a = new MT19937(2n ** 32n + 7n);
    const b = new MT19937(7n);
    for (let i = 0; i < 5; i++) expect(a.nextUint32()).toBe(b.nextUint32());
    expect(a.seed).toBe(2n ** 32n + 7n); // but keeps the full seed
  });

  it('random64 takes the first draw as the high word', () => {
    const a = new MT19937(1n);
    const b = new MT19937(1n);
    const hi = b.nextUint32();
    const lo = b.nextUint32();
    expect(a.random64()).toBe((BigInt(hi) << 32n) | BigInt(lo));
  });

  it('nextUint53 is the low 53 bits of random64', () => {
    const a = new MT19937(9n);
    const b = new MT19937(9n);
    for (let i = 0; i < 1000; i++) expect(BigInt(a.nextUint53())).toBe(b.random64() & ((1n << 53n) - 1n));
  });

  it("gives PyTorch's double uniforms (53 bits of random64 times 2^-53)", () => {
    // torch.manual_seed(seed); torch.empty(7, dtype=torch.float64).uniform_() after 5 float32 draws.
    for (const sc of fixture.scenarios.filter((s) => s.name === 'rand')) {
      const mt = new MT19937(BigInt(sc.seed!));
      for (let i = 0; i < 5; i++) mt.nextUint32();
      const want = decode(sc.calls[1]!.expected) as Float64Array;
      for (const w of want) expect(mt.nextUint53() * 2 ** -53).toBe(w);
    }
  });

  it('twists after 624 draws and stays valid', () => {
    const mt = new MT19937(5n);
    for (let i = 0; i < 3 * MERSENNE_STATE_N + 1; i++) mt.nextUint32();
    expect(mt.isValid()).toBe(true);
    expect(mt.next).toBe(1);
    const copy = new MT19937();
    copy.copyFrom(mt);
    expect(copy.nextUint32()).toBe(mt.nextUint32());
  });
});
