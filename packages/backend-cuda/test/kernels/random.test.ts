// On-device Philox random fills (src/kernels/random.cu) against core's oracle philoxFill:
// uniform and bernoulli bit for bit, normal within a few ulps, the moments of 1M draws, and the
// tensor API on 'cuda' (uniform_/normal_/bernoulli_/rand/randn draw on the device, the offset
// advances, manualSeed repeats, the CPU stream is left alone). Skipped without a GPU.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@torchts/backend-cpu';
import {
  dtypes, empty, zeros, manualSeed, philoxFill, philoxWordsConsumed, rand, randn, registerBackend, deviceGenerator,
  type BackendBuffer, type DType, type PhiloxDtypeName, type RandomKind, type View,
} from '@torchts/core';
import { cudaBackend } from '../../src/index.js';

const { float32, float64, float16, bfloat16, int64, uint8, bool } = dtypes;
const reason = cudaBackend.unavailableReason();
const gpu = reason === null ? it : it.skip;
const why = reason === null ? '' : ` (skipped: ${reason})`;
registerBackend(cpuBackend);
if (reason === null) registerBackend(cudaBackend);

/** Runs the kernel on a fresh contiguous buffer and reads it back as numbers. */
function fill(kind: RandomKind, dtype: DType, n: number, seed: bigint, offset: number, a: number, b: number): number[] {
  const buf: BackendBuffer = cudaBackend.alloc(dtype, n, 0);
  try {
    const view: View = { buffer: buf, shape: [n], strides: [1], offset: 0 };
    cudaBackend.fused.random!(kind, view, seed, offset, a, b);
    return Array.from(cudaBackend.read(view) as ArrayLike<number>);
  } finally {
    cudaBackend.free(buf);
  }
}

function firstMismatch(got: number[], want: ArrayLike<number>, tol: (w: number) => number): string | null {
  if (got.length !== want.length) return `length ${got.length} != ${want.length}`;
  for (let i = 0; i < got.length; i++) {
    const w = want[i]!, g = got[i]!;
    if (!(Math.abs(g - w) <= tol(w))) return `element ${i}: got ${g}, want ${w}`;
  }
  return null;
}

const seeds = [0n, 42n, 0x123456789abcdefn, 2n ** 64n - 1n];

describe('random fill kernel vs the Philox oracle', () => {
  gpu(`uniform equals philoxFill bit for bit (float32, float64, float16, bfloat16)${why}`, () => {
    for (const [dtype, name] of [[float32, 'float32'], [float64, 'float64'], [float16, 'float16'], [bfloat16, 'bfloat16']] as const) {
      if (!cudaBackend.supportsDtype(dtype)) continue;
      for (const seed of seeds) {
        for (const [n, offset, a, b] of [[1, 0, 0, 1], [1003, 4, -2, 3], [4096 + 3, 1 << 20, 0.25, 0.5], [7, 2 ** 40, -1e3, 1e3]] as const) {
          const want = philoxFill('uniform', name as PhiloxDtypeName, n, seed, offset, a, b);
          const bad = firstMismatch(fill('uniform', dtype, n, seed, offset, a, b), want, () => 0);
          expect(bad === null ? 'ok' : `${name} seed ${seed} n ${n} offset ${offset}: ${bad}`).toBe('ok');
        }
      }
    }
  });

  gpu(`normal is within a few ulps of philoxFill${why}`, () => {
    for (const [dtype, name, rel] of [[float32, 'float32', 2.4e-7], [float64, 'float64', 1e-14], [float16, 'float16', 1e-3]] as const) {
      for (const seed of seeds) {
        const want = philoxFill('normal', name, 2001, seed, 8, 0.5, 2);
        const bad = firstMismatch(fill('normal', dtype, 2001, seed, 8, 0.5, 2), want, (w) => rel * (Math.abs(w) + 1)) // + 1: mean + std * z cancels near 0;
        expect(bad === null ? 'ok' : `${name} seed ${seed}: ${bad}`).toBe('ok');
      }
    }
  });

  gpu(`bernoulli equals philoxFill in any dtype${why}`, () => {
    for (const dtype of [float32, float64, int64, uint8, bool]) {
      const want = philoxFill('bernoulli', 'float64', 999, 7n, 12, 0.3, 0);
      const bad = firstMismatch(fill('bernoulli', dtype, 999, 7n, 12, 0.3, 0), want, () => 0);
      expect(bad === null ? 'ok' : `${dtype.name}: ${bad}`).toBe('ok');
    }
  });

  gpu(`1M draws have the right moments${why}`, () => {
    const n = 1 << 20;
    const moments = (v: number[]) => {
      let s = 0, s2 = 0;
      for (const x of v) { s += x; s2 += x * x; }
      return [s / n, s2 / n - (s / n) ** 2] as const;
    };
    const [mu, vu] = moments(fill('uniform', float32, n, 5n, 0, 0, 1));
    expect(Math.abs(mu - 0.5)).toBeLessThan(2e-3);
    expect(Math.abs(vu - 1 / 12)).toBeLessThan(1e-3);
    const [mn, vn] = moments(fill('normal', float32, n, 5n, 0, -1, 3));
    expect(Math.abs(mn + 1)).toBeLessThan(1.5e-2);
    expect(Math.abs(vn - 9)).toBeLessThan(5e-2);
    const [mb] = moments(fill('bernoulli', uint8, n, 5n, 0, 0.7, 0));
    expect(Math.abs(mb - 0.7)).toBeLessThan(2e-3);
  });

  gpu(`refuses a bad offset and non-float uniform${why}`, () => {
    expect(() => fill('uniform', float32, 4, 0n, 2, 0, 1)).toThrow('multiple of 4');
    expect(() => fill('uniform', int64, 4, 0n, 0, 0, 1)).toThrow('not implemented for int64');
  });
});

describe('tensor random fills on cuda', () => {
  gpu(`uniform_, normal_, bernoulli_, rand and randn draw on the device from the seeded Philox stream${why}`, () => {
    manualSeed(123);
    expect(deviceGenerator.seed).toBe(123n);
    expect(deviceGenerator.offset).toBe(0);
    const a = empty(10, { device: 'cuda' }).uniform_(-1, 1);
    expect(Array.from(a.toTypedArray())).toEqual(Array.from(philoxFill('uniform', 'float32', 10, 123n, 0, -1, 1)));
    expect(deviceGenerator.offset).toBe(philoxWordsConsumed('uniform', 'float32', 10));
    const off = deviceGenerator.offset;
    const b = rand(10, { device: 'cuda' });
    expect(Array.from(b.toTypedArray())).toEqual(Array.from(philoxFill('uniform', 'float32', 10, 123n, off, 0, 1)));
    // Two fills differ; reseeding repeats the first.
    expect(Array.from(b.toTypedArray())).not.toEqual(Array.from(a.toTypedArray()));
    manualSeed(123);
    expect(Array.from(empty(10, { device: 'cuda' }).uniform_(-1, 1).toTypedArray())).toEqual(Array.from(a.toTypedArray()));
    const z = randn([3, 5], { device: 'cuda', dtype: float64 });
    const zWant = philoxFill('normal', 'float64', 15, 123n, philoxWordsConsumed('uniform', 'float32', 10), 0, 1);
    const zGot = Array.from(z.toTypedArray() as Float64Array);
    zGot.forEach((v, i) => expect(Math.abs(v - zWant[i]!)).toBeLessThan(1e-13 * (1 + Math.abs(zWant[i]!))));
    const m = empty(1000, { device: 'cuda' }).bernoulli_(0.25);
    const ones = Array.from(m.toTypedArray()).reduce((s, v) => s + v, 0);
    expect(ones).toBeGreaterThan(180);
    expect(ones).toBeLessThan(320);
    const nrm = empty(100, { device: 'cuda' }).normal_(3, 0.5);
    expect(Array.from(nrm.toTypedArray()).every((v) => Number.isFinite(v))).toBe(true);
  });

  gpu(`leaves the CPU generator's stream untouched${why}`, () => {
    manualSeed(0);
    const before = Array.from(rand(4).toTypedArray());
    manualSeed(0);
    rand(1000, { device: 'cuda' });
    empty(50, { device: 'cuda' }).normal_();
    // PyTorch's torch.rand(4) after manual_seed(0).
    expect(Array.from(rand(4).toTypedArray())).toEqual(before);
    expect(before[0]).toBe(Math.fround(0.49625658988952637));
  });

  gpu(`fills a transposed tensor in memory order, a gapped one through a staging buffer${why}`, () => {
    manualSeed(9);
    const t = empty(4, 6, { device: 'cuda' }).t();
    t.uniform_();
    // Row-major over the storage = row-major over t.t().
    expect(Array.from(t.t().contiguous().toTypedArray())).toEqual(Array.from(philoxFill('uniform', 'float32', 24, 9n, 0, 0, 1)));
    manualSeed(9);
    const base = zeros(4, 6, { device: 'cuda' });
    base.narrow(1, 1, 3).uniform_();
    const want = philoxFill('uniform', 'float32', 12, 9n, 0, 0, 1);
    const got = Array.from(base.toTypedArray());
    for (let r = 0; r < 4; r++) {
      expect(got.slice(6 * r, 6 * r + 6)).toEqual([0, want[3 * r]!, want[3 * r + 1]!, want[3 * r + 2]!, 0, 0]);
    }
  });
});
