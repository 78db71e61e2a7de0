// Philox4x32-10 against Random123's known-answer vectors (kat_vectors), and the fill recipe
// device kernels must reproduce (the oracle of backend-cuda's random tests).
import { describe, expect, it } from 'vitest';
import {
  PhiloxGenerator, philox4x32, philoxFill, philoxWordsConsumed, philoxWordsPerElement,
} from '../../src/random/philox.js';
import { roundToFloat16 } from '../../src/random/float-ops.js';

const hex = (a: Uint32Array) => Array.from(a, (x) => x.toString(16).padStart(8, '0')).join(' ');

describe('philox4x32', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
    const f = 0xffffffff;
    expect(hex(philox4x32([f, f, f, f], [f, f]))).toBe('408f276d 41c83b0e a20bc7c6 6d5451fd');
    expect(hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])))
      .toBe('d16cfe09 94fdcceb 5001e420 24126ea1');
  });

  it('computes the 64-bit products exactly (checked with BigInt)', () => {
    // One round with key 0 is enough to expose a wrong high word: compare with a BigInt round.
    const M0 = 0xd2511f53n, M1 = 0xcd9e8d57n;
    let x = 12345;
    for (let t = 0; t < 200; t++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const c = [x, (x ^ 0x5555aaaa) >>> 0, Math.imul(x, 7) >>> 0, ~x >>> 0];
      // 10 rounds with BigInt.
      let [c0, c1, c2, c3] = c.map(BigInt) as [bigint, bigint, bigint, bigint];
      let k0 = 0xdeadbeefn, k1 = 0x01234567n;
      for (let r = 0; r < 10; r++) {
        if (r > 0) { k0 = (k0 + 0x9e3779b9n) & 0xffffffffn; k1 = (k1 + 0xbb67ae85n) & 0xffffffffn; }
        const p0 = M0 * c0, p1 = M1 * c2;
        [c0, c1, c2, c3] = [((p1 >> 32n) ^ c1 ^ k0), p1 & 0xffffffffn, ((p0 >> 32n) ^ c3 ^ k1), p0 & 0xffffffffn];
      }
      expect(Array.from(philox4x32(c, [0xdeadbeef, 0x01234567]))).toEqual([c0, c1, c2, c3].map(Number));
    }
  });
});

describe('philoxFill', () => {
  it('maps element i to word i for 1-word dtypes (24-bit uniforms)', () => {
    const w = philox4x32([0, 0, 0, 0], [0, 0]);
    const u = philoxFill('uniform', 'float32', 3, 0n, 0, 0, 1);
    expect(Array.from(u)).toEqual([0, 1, 2].map((i) => (w[i]! >>> 8) * 2 ** -24));
    // Block 1 is counter 1; the key is the seed's two words.
    const seed = 0x0000000500000007n;
    const w1 = philox4x32([1, 0, 0, 0], [7, 5]);
    expect(philoxFill('uniform', 'float32', 5, seed, 0, 0, 1)[4]).toBe((w1[0]! >>> 8) * 2 ** -24);
    // The offset counts words: offset 8 starts at block 2.
    const w2 = philox4x32([2, 0, 0, 0], [7, 5]);
    expect(philoxFill('uniform', 'float32', 1, seed, 8, 0, 1)[0]).toBe((w2[0]! >>> 8) * 2 ** -24);
  });

  it('builds float64 uniforms from two words (53 bits)', () => {
    const w = philox4x32([0, 0, 0, 0], [0, 0]);
    const u = philoxFill('uniform', 'float64', 2, 0n, 0, 0, 1);
    expect(u[0]).toBe(((w[0]! >>> 5) * 2 ** 26 + (w[1]! >>> 6)) * 2 ** -53);
    expect(u[1]).toBe(((w[2]! >>> 5) * 2 ** 26 + (w[3]! >>> 6)) * 2 ** -53);
  });

  it('scales uniforms into [a, b) in the dtype', () => {
    const u = philoxFill('uniform', 'float32', 1000, 3n, 0, -2, 5);
    for (const v of u) {
      expect(v).toBe(Math.fround(v));
      expect(v >= -2 && v < 5).toBe(true);
    }
    const h = philoxFill('uniform', 'float16', 100, 3n, 0, 0, 1);
    for (const v of h) expect(roundToFloat16(v)).toBe(v);
  });

  it('continues a stream across fills when the offset advances', () => {
    for (const [kind, dtype] of [['uniform', 'float32'], ['normal', 'float32'], ['normal', 'float64'], ['uniform', 'float64']] as const) {
      const all = philoxFill(kind, dtype, 16, 42n, 0, 0, 1);
      const k = philoxWordsConsumed(kind, dtype, 8);
      expect(Array.from(philoxFill(kind, dtype, 8, 42n, k, 0, 1))).toEqual(Array.from(all.subarray(8)));
    }
  });

  it('counts words per element and rounds consumption up to whole blocks', () => {
    expect(philoxWordsPerElement('uniform', 'float64')).toBe(2);
    expect(philoxWordsPerElement('normal', 'float64')).toBe(2);
    expect(philoxWordsPerElement('bernoulli', 'float64')).toBe(1);
    expect(philoxWordsPerElement('normal', 'float16')).toBe(1);
    expect(philoxWordsConsumed('uniform', 'float32', 5)).toBe(8);
    expect(philoxWordsConsumed('uniform', 'float64', 5)).toBe(12);
    expect(philoxWordsConsumed('uniform', 'float32', 0)).toBe(0);
  });

  it('pairs normals through Box-Muller', () => {
    const w = philox4x32([0, 0, 0, 0], [9, 0]);
    const z = philoxFill('normal', 'float64', 2, 9n, 0, 1, 2);
    const u1 = ((w[0]! >>> 5) * 2 ** 26 + (w[1]! >>> 6)) * 2 ** -53 + 2 ** -53;
    const u2 = ((w[2]! >>> 5) * 2 ** 26 + (w[3]! >>> 6)) * 2 ** -53;
    const r = Math.sqrt(-2 * Math.log(u1));
    expect(z[0]).toBe(1 + 2 * (r * Math.cos(2 * Math.PI * u2)));
    expect(z[1]).toBe(1 + 2 * (r * Math.sin(2 * Math.PI * u2)));
  });

  it('has the right moments (1M draws)', () => {
    const n = 1 << 20;
    const stats = (a: Float64Array) => {
      let s = 0, s2 = 0;
      for (const v of a) { s += v; s2 += v * v; }
      return [s / a.length, s2 / a.length - (s / a.length) ** 2];
    };
    const [mu, vu] = stats(philoxFill('uniform', 'float32', n, 1n, 0, 0, 1));
    expect(Math.abs(mu! - 0.5)).toBeLessThan(2e-3);
    expect(Math.abs(vu! - 1 / 12)).toBeLessThan(1e-3);
    const [mn, vn] = stats(philoxFill('normal', 'float32', n, 1n, 0, 3, 2));
    expect(Math.abs(mn! - 3)).toBeLessThan(1e-2);
    expect(Math.abs(vn! - 4)).toBeLessThan(2e-2);
    const [mb] = stats(philoxFill('bernoulli', 'float64', n, 1n, 0, 0.3, 0));
    expect(Math.abs(mb! - 0.3)).toBeLessThan(2e-3);
  });
});

describe('PhiloxGenerator', () => {
  it('hands out offsets in whole blocks and resets on manualSeed', () => {
    const g = new PhiloxGenerator();
    expect(g.seed).toBe(67280421310721n);
    expect(g.reserve(5)).toBe(0);
    expect(g.reserve(4)).toBe(8);
    expect(g.offset).toBe(12);
    g.manualSeed(-1n);
    expect(g.seed).toBe(2n ** 64n - 1n);
    expect(g.offset).toBe(0);
  });
});
