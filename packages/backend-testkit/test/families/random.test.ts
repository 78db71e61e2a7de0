// The random-fill cases against the reference backend (they pass) and against deliberately
// wrong kernels (each must be caught).
import { describe, expect, it } from 'vitest';
import { dtypes, type Backend, type FusedKernels } from '@torchts/core';
import { randomCases } from '../../src/families/random.js';
import { ReferenceBackend, referenceBackend } from '../../src/reference/backend.js';
import { runCase, type Case, type CaseContext } from '../../src/harness.js';
import { Rng } from '../../src/cases/random.js';
import { defaultTolerances } from '../../src/options.js';

const { float32, float64, float16, int64, bool } = dtypes;
const ref = referenceBackend.fused;

function withFused(patch: Partial<FusedKernels>): Backend {
  const b = new ReferenceBackend();
  return Object.assign(b, { fused: { ...b.fused, ...patch } });
}

const ctxOf = (backend: Backend): CaseContext => ({
  backend, deviceIndex: 0, tolerance: (d) => defaultTolerances[d.name as 'float32'] ?? { rtol: 0, atol: 0 },
});

async function failures(backend: Backend, cases: Case[]): Promise<number> {
  let n = 0;
  for (const c of cases) await runCase(ctxOf(backend), c).catch(() => n++);
  return n;
}

describe('random fill cases', () => {
  it('the reference passes every case', async () => {
    for (const dtype of [float32, float64, float16]) {
      expect(await failures(referenceBackend, randomCases(new Rng(1), 'uniform', dtype))).toBe(0);
      expect(await failures(referenceBackend, randomCases(new Rng(2), 'normal', dtype))).toBe(0);
    }
    for (const dtype of [float32, int64, bool]) {
      expect(await failures(referenceBackend, randomCases(new Rng(3), 'bernoulli', dtype))).toBe(0);
    }
  });

  it('catch a kernel that ignores the offset, half of the seed, or the range', async () => {
    const broken: Partial<FusedKernels>[] = [
      { random: (k, out, seed, offset, a, b) => ref.random!(k, out, seed, offset + 4, a, b) },
      { random: (k, out, seed, offset, a, b) => ref.random!(k, out, seed & 0xffffffffn, offset, a, b) },
      { random: (k, out, seed, offset, a, b) => ref.random!(k, out, seed, offset, a, k === 'uniform' ? b + 1e-3 : b * 1.001) },
    ];
    for (const patch of broken) {
      expect(await failures(withFused(patch), randomCases(new Rng(5), 'uniform', float32))).toBeGreaterThan(0);
      expect(await failures(withFused(patch), randomCases(new Rng(6), 'normal', float64))).toBeGreaterThan(0);
    }
    const wrongBernoulli = withFused({ random: (k, out, seed, offset, a, b) => ref.random!(k, out, seed, offset, 1 - a, b) });
    expect(await failures(wrongBernoulli, randomCases(new Rng(7), 'bernoulli', bool))).toBeGreaterThan(0);
  });
});
