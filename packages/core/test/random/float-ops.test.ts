import { describe, expect, it } from 'vitest';
import { fma, fma32, roundToFloat16 } from '../../src/random/float-ops.js';

/** A finite double as m * 2^e with integer m. */
function exact(x: number): [bigint, number] {
  if (x === 0) return [0n, 0];
  let e = 0;
  while (!Number.isInteger(x)) { x *= 2; e--; }
  return [BigInt(x), e];
}

/** The exact value of a * b + c as [m, e] (value m * 2^e). */
function exactFma(a: number, b: number, c: number): [bigint, number] {
  const [ma, ea] = exact(a);
  const [mb, eb] = exact(b);
  const [mc, ec] = exact(c);
  const ep = ea + eb;
  const e = Math.min(ep, ec);
  return [ma * mb * 2n ** BigInt(ep - e) + mc * 2n ** BigInt(ec - e), e];
}

/** Rounds m * 2^e to `bits` significant bits, ties to even (normal range only). */
function roundTo(m: bigint, e: number, bits: number): number {
  if (m === 0n) return 0;
  const neg = m < 0n;
  let a = neg ? -m : m;
  const len = a.toString(2).length;
  if (len > bits) {
    const drop = BigInt(len - bits);
    const q = a >> drop;
    const rem = a - (q << drop);
    const half = 1n << (drop - 1n);
    a = rem > half || (rem === half && (q & 1n) === 1n) ? q + 1n : q;
    e += Number(drop);
  }
  const v = Number(a) * 2 ** e;
  return neg ? -v : v;
}

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('fma', () => {
  it('rounds once', () => {
    expect(fma(0.1, 10, -1)).toBe(5.551115123125783e-17);
    expect(0.1 * 10 - 1).toBe(0);
    expect(fma(2, 3, 4)).toBe(10);
    expect(fma(Infinity, 1, 1)).toBe(Infinity);
    expect(Number.isNaN(fma(NaN, 1, 1))).toBe(true);
  });

  it('equals the exactly rounded a * b + c on random and cancelling inputs', () => {
    const r = lcg(1);
    for (let i = 0; i < 3000; i++) {
      const a = (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
      const b = (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
      // Half the time, c nearly cancels the product: the hard cases.
      const c = i % 2 ? -(a * b) * (1 + (r() - 0.5) * 2 ** -40) : (r() - 0.5) * 2 ** Math.floor(r() * 40 - 20);
      const [m, e] = exactFma(a, b, c);
      expect(fma(a, b, c)).toBe(roundTo(m, e, 53));
    }
  });
});

describe('fma32', () => {
  it('equals the exactly rounded float32 a * b + c, including float64 halfway sums', () => {
    const fr = Math.fround;
    const r = lcg(2);
    for (let i = 0; i < 3000; i++) {
      let a = fr((r() - 0.5) * 8);
      let b = fr((r() - 0.5) * 8);
      let c = fr((r() - 0.5) * 8);
      if (i % 3 === 0) {
        // a * b is exactly a float32 halfway point (odd j * k sets the 2^-24 bit); c is
        // too small to move the float64 sum, so only the exact sum knows which way to go.
        const j = 2 * Math.floor(r() * 32) + 1;
        const k = 2 * Math.floor(r() * 32) + 1;
        a = 1 + j * 2 ** -12;
        b = 1 + k * 2 ** -12;
        c = fr((r() < 0.5 ? -1 : 1) * 2 ** -(60 + Math.floor(r() * 10)));
        if (i % 2) c = 0; // an exact tie: to even
      }
      const [m, e] = exactFma(a, b, c);
      expect(fma32(a, b, c)).toBe(roundTo(m, e, 24));
    }
  });
});

describe('roundToFloat16', () => {
  it('rounds to nearest even half, with subnormals and overflow', () => {
    expect(roundToFloat16(1)).toBe(1);
    expect(roundToFloat16(1 + 2 ** -11)).toBe(1); // tie, to even
    expect(roundToFloat16(1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9); // tie, to even (up)
    expect(roundToFloat16(1 + 2 ** -11 + 2 ** -20)).toBe(1 + 2 ** -10);
    expect(roundToFloat16(65504)).toBe(65504);
    expect(roundToFloat16(65519)).toBe(65504);
    expect(roundToFloat16(65520)).toBe(Infinity);
    expect(roundToFloat16(-1e6)).toBe(-Infinity);
    expect(roundToFloat16(2 ** -24)).toBe(2 ** -24);
    expect(roundToFloat16(2 ** -25)).toBe(0); // tie between 0 and 2^-24: even is 0
    expect(roundToFloat16(3 * 2 ** -26)).toBe(2 ** -24);
    expect(roundToFloat16(0.1)).toBe(0.0999755859375);
    expect(Object.is(roundToFloat16(-0), -0)).toBe(true);
    expect(Number.isNaN(roundToFloat16(NaN))).toBe(true);
  });
});
