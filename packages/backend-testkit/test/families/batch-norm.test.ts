// The batch-norm cases against the reference backend (they pass) and against deliberately
// wrong kernels (each must be caught).
import { describe, expect, it } from 'vitest';
import { dtypes, type Backend, type FusedKernels, type View } from '@torchts/core';
import { batchNormBackwardCases, batchNormCases } from '../../src/families/batch-norm.js';
import { ReferenceBackend, referenceBackend } from '../../src/reference/backend.js';
import { getAt, setAt } from '../../src/reference/storage.js';
import { runCase, type Case, type CaseContext } from '../../src/harness.js';
import { Rng } from '../../src/cases/random.js';
import { defaultTolerances } from '../../src/options.js';

const { float32, float64, float16, bfloat16 } = dtypes;
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

/** Per channel of an [N, C, S] view: its values, in order. */
function channel(v: View, c: number): number[] {
  const out: number[] = [];
  for (let n = 0; n < v.shape[0]; n++) for (let s = 0; s < v.shape[2]; s++) out.push(getAt(v, [n, c, s]));
  return out;
}

/** A forward that normalises with the unbiased variance (M - 1). */
const unbiased: FusedKernels['batchNorm'] = (input, weight, bias, eps, out, mean, invstd) => {
  ref.batchNorm!(input, weight, bias, eps, out, mean, invstd);
  for (let c = 0; c < input.shape[1]; c++) {
    const x = channel(input, c), M = x.length;
    const mu = x.reduce((a, v) => a + v, 0) / M;
    const is = 1 / Math.sqrt(x.reduce((a, v) => a + (v - mu) ** 2, 0) / Math.max(M - 1, 1) + eps);
    setAt(invstd, [c], is);
    const w = weight ? getAt(weight, [c]) : 1, b = bias ? getAt(bias, [c]) : 0;
    for (let n = 0; n < input.shape[0]; n++) {
      for (let s = 0; s < input.shape[2]; s++) setAt(out, [n, c, s], (getAt(input, [n, c, s]) - mu) * is * w + b);
    }
  }
};

/** A backward whose gradInput forgets the `xhat * Σ dy xhat` term. */
const noProjection: FusedKernels['batchNormBackward'] = (gradOut, input, weight, mean, invstd, gi, gw, gb) => {
  ref.batchNormBackward!(gradOut, input, weight, mean, invstd, gi, gw, gb);
  if (!gi) return;
  for (let c = 0; c < input.shape[1]; c++) {
    const dy = channel(gradOut, c);
    const meanDy = dy.reduce((a, v) => a + v, 0) / dy.length;
    const k = (weight ? getAt(weight, [c]) : 1) * getAt(invstd, [c]);
    let i = 0;
    for (let n = 0; n < input.shape[0]; n++) {
      for (let s = 0; s < input.shape[2]; s++) setAt(gi, [n, c, s], k * (dy[i++] - meanDy));
    }
  }
};

/** A view seen from storage index 0 (a kernel that ignores offsets). */
const at0 = (v: View): View => ({ ...v, offset: 0 });
const at0n = (v: View | null): View | null => (v ? at0(v) : null);

describe('batch norm cases', () => {
  for (const dtype of [float32, float64, float16, bfloat16]) {
    it(`the reference passes every batchNorm and batchNormBackward case (${dtype.name})`, async () => {
      expect(await failures(referenceBackend, batchNormCases(new Rng(1), dtype))).toBe(0);
      expect(await failures(referenceBackend, batchNormBackwardCases(new Rng(2), dtype))).toBe(0);
    });
  }

  it('the cases cover weight/bias presence and every subset of backward outputs', () => {
    const fwd = batchNormCases(new Rng(3), float32), bwd = batchNormBackwardCases(new Rng(4), float32);
    expect(new Set(fwd.map((c) => ['weight', 'bias'].filter((k) => k in c.inputs).join('+'))))
      .toEqual(new Set(['weight+bias', 'weight', 'bias', '']));
    expect(new Set(bwd.map((c) => Object.keys(c.outputs).sort().join('+'))).size).toBe(8);
    expect(new Set(fwd.map((c) => c.inputs.input!.layout.shape.join('x'))))
      .toEqual(new Set(['2x3x5', '4x16x1', '8x4x49', '3x1x6', '1x3x7']));
  });

  it('catch a forward with the unbiased variance, no eps, no weight or bias, or ignoring offsets', async () => {
    const broken: Partial<FusedKernels>[] = [
      { batchNorm: unbiased },
      { batchNorm: (i, w, b, _eps, o, m, s) => ref.batchNorm!(i, w, b, 0, o, m, s) },
      { batchNorm: (i, _w, b, eps, o, m, s) => ref.batchNorm!(i, null, b, eps, o, m, s) },
      { batchNorm: (i, w, _b, eps, o, m, s) => ref.batchNorm!(i, w, null, eps, o, m, s) },
      { batchNorm: (i, w, b, eps, o, m, s) => ref.batchNorm!(at0(i), at0n(w), at0n(b), eps, at0(o), at0(m), at0(s)) },
      // Writes mean and invstd swapped.
      { batchNorm: (i, w, b, eps, o, m, s) => ref.batchNorm!(i, w, b, eps, o, s, m) },
    ];
    for (const patch of broken) expect(await failures(withFused(patch), batchNormCases(new Rng(5), float64))).toBeGreaterThan(0);
    // The float32 tolerance still sees the variance's divisor.
    expect(await failures(withFused({ batchNorm: unbiased }), batchNormCases(new Rng(6), float32))).toBeGreaterThan(0);
  });

  it('catch a backward missing a term, ignoring the weight, swapping outputs or ignoring offsets', async () => {
    const broken: Partial<FusedKernels>[] = [
      { batchNormBackward: noProjection },
      { batchNormBackward: (g, x, _w, m, s, gi, gw, gb) => ref.batchNormBackward!(g, x, null, m, s, gi, gw, gb) },
      { batchNormBackward: (g, x, w, m, s, gi, gw, gb) => ref.batchNormBackward!(g, x, w, m, s, gi, gb, gw) },
      {
        batchNormBackward: (g, x, w, m, s, gi, gw, gb) =>
          ref.batchNormBackward!(at0(g), at0(x), at0n(w), m, s, at0n(gi), at0n(gw), at0n(gb)),
      },
    ];
    for (const patch of broken) {
      expect(await failures(withFused(patch), batchNormBackwardCases(new Rng(7), float32))).toBeGreaterThan(0);
    }
  });
});
