// The optimizer-step cases against the reference backend (they pass) and against deliberately
// wrong kernels (each must be caught).
import { describe, expect, it } from 'vitest';
import { dtypes, type Backend, type FusedKernels } from '@torchts/core';
import { adamCases, sgdCases } from '../../src/families/optimizer.js';
import { ReferenceBackend, referenceBackend } from '../../src/reference/backend.js';
import { runCase, type Case, type CaseContext } from '../../src/harness.js';
import { Rng } from '../../src/cases/random.js';

const { float32, float64 } = dtypes;
const ref = referenceBackend.fused;

function withFused(patch: Partial<FusedKernels>): Backend {
  const b = new ReferenceBackend();
  return Object.assign(b, { fused: { ...b.fused, ...patch } });
}

function ctxOf(backend: Backend): CaseContext {
  return { backend, deviceIndex: 0, tolerance: (d) => (d === float64 ? { rtol: 1e-12, atol: 1e-12 } : { rtol: 1e-5, atol: 1e-6 }) };
}

/** How many of the cases fail on `backend`. */
async function failures(backend: Backend, cases: Case[]): Promise<number> {
  let n = 0;
  for (const c of cases) await runCase(ctxOf(backend), c).catch(() => n++);
  return n;
}

describe('optimizer step cases', () => {
  for (const dtype of [float32, float64]) {
    it(`the reference passes every sgdStep and adamStep case (${dtype.name})`, async () => {
      expect(await failures(referenceBackend, sgdCases(new Rng(1), dtype))).toBe(0);
      expect(await failures(referenceBackend, adamCases(new Rng(2), dtype))).toBe(0);
    });
  }

  it('catch an sgdStep that ignores nesterov, dampening, firstStep or maximize', async () => {
    const broken: Partial<FusedKernels>[] = [
      { sgdStep: (p, g, b, o) => ref.sgdStep!(p, g, b, { ...o, nesterov: false }) },
      { sgdStep: (p, g, b, o) => ref.sgdStep!(p, g, b, { ...o, dampening: 0 }) },
      { sgdStep: (p, g, b, o) => ref.sgdStep!(p, g, b, { ...o, firstStep: false }) },
      { sgdStep: (p, g, b, o) => ref.sgdStep!(p, g, b, { ...o, maximize: false }) },
      { sgdStep: (p, g, b, o) => ref.sgdStep!(p, g, b, { ...o, lr: o.lr * (1 + 1e-4) }) },
    ];
    for (const patch of broken) expect(await failures(withFused(patch), sgdCases(new Rng(3), float32))).toBeGreaterThan(0);
  });

  it('catch an adamStep with a wrong bias correction, weight decay or amsgrad', async () => {
    const broken: Partial<FusedKernels>[] = [
      { adamStep: (p, g, m, v, mx, o) => ref.adamStep!(p, g, m, v, mx, { ...o, step: o.step + 1 }) },
      { adamStep: (p, g, m, v, mx, o) => ref.adamStep!(p, g, m, v, mx, { ...o, decoupled: !o.decoupled }) },
      { adamStep: (p, g, m, v, mx, o) => ref.adamStep!(p, g, m, v, mx, { ...o, amsgrad: false }) },
      { adamStep: (p, g, m, v, mx, o) => ref.adamStep!(p, g, m, v, mx, { ...o, eps: o.eps * 100 }) },
    ];
    for (const patch of broken) expect(await failures(withFused(patch), adamCases(new Rng(4), float64))).toBeGreaterThan(0);
  });
});
