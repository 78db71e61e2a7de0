// runCase against deliberately wrong backends: each bug must be caught with a useful message,
// and a correct backend that accumulates in float32 must still pass.
import { describe, expect, it } from 'vitest';
import { dtypes, type Backend, type BackendBuffer, type View } from '@torchts/core';
import { ReferenceBackend } from '../src/reference/backend.js';
import { runCase, tensorOf, tensorSpec, type CaseContext } from '../src/harness.js';
import { Rng } from '../src/cases/random.js';
import { getAt, indicesOf, setAt } from '../src/reference/storage.js';

const { float32, int32 } = dtypes;

/** The reference backend with some kernels replaced. */
function patched(patch: Partial<Backend>): Backend {
  return Object.assign(new ReferenceBackend(), patch);
}

function ctxOf(backend: Backend): CaseContext {
  return { backend, deviceIndex: 0, tolerance: () => ({ rtol: 1e-5, atol: 1e-6 }) };
}

const reluCase = (rng: Rng) => ({
  inputs: { src: tensorOf(float32, [4], [1, -1, NaN, 2]) },
  outputs: { out: tensorSpec(rng, float32, [4], 'sliced') },
  run: (b: Backend, v: Readonly<Record<string, View>>) => b.unary('relu', v.src, v.out),
});

describe('runCase', () => {
  it('passes a correct backend', async () => {
    await runCase(ctxOf(new ReferenceBackend()), reluCase(new Rng(1)));
  });

  it('catches a wrong value and says where', async () => {
    const b = patched({
      unary(op, src, out) {
        for (const idx of indicesOf(out.shape)) setAt(out, idx, Math.max(getAt(src, idx), 0) || 0); // NaN -> 0
      },
    });
    await expect(runCase(ctxOf(b), reluCase(new Rng(1)))).rejects.toThrow(/out\[2\] \(storage \d+\): got 0, expected NaN/);
  });

  it('catches writes outside the output view', async () => {
    const b = patched({
      fill(out, value) {
        new ReferenceBackend().fill({ ...out, shape: [out.shape[0] + 1], strides: out.strides }, value);
      },
    });
    await expect(runCase(ctxOf(b), {
      inputs: {},
      outputs: { out: { ...tensorOf(int32, [3], [0, 0, 0, 0]), layout: { kind: 'offset', shape: [3], strides: [1], offset: 0, storageSize: 4 } } },
      run: (be, v) => be.fill(v.out, 7),
    })).rejects.toThrow(/outside the view/);
  });

  it('catches a kernel that modifies its input', async () => {
    const b = patched({
      unary(op, src, out) {
        new ReferenceBackend().unary(op, src, out);
        setAt(src, [0], 99);
      },
    });
    await expect(runCase(ctxOf(b), reluCase(new Rng(3)))).rejects.toThrow(/src: 1 of 4 storage elements were modified/);
  });

  it('reports a kernel that throws, with the case', async () => {
    const b = patched({ unary() { throw new Error('boom'); } });
    await expect(runCase(ctxOf(b), reluCase(new Rng(4)))).rejects.toThrow(/the kernel threw: boom[\s\S]*src: float32\[4\]/);
  });

  it('accepts float32 accumulation in long sums and matmuls', async () => {
    const naive = patched({
      reduce(op, src, dims, out) {
        if (op !== 'sum') throw new Error('only sum');
        let s = 0;
        for (const idx of indicesOf(src.shape)) s = Math.fround(s + getAt(src, idx));
        setAt(out, [0], s);
      },
      matmul(a, bb, out) {
        const [M, K] = a.shape, N = bb.shape[1];
        for (let i = 0; i < M; i++) for (let j = 0; j < N; j++) {
          let s = 0;
          for (let k = 0; k < K; k++) s = Math.fround(s + Math.fround(getAt(a, [i, k]) * getAt(bb, [k, j])));
          setAt(out, [i, j], s);
        }
      },
    });
    const rng = new Rng(5);
    const finite = { nan: false, inf: false };
    await runCase(ctxOf(naive), {
      inputs: { src: tensorSpec(rng, float32, [5000], 'contiguous', finite) },
      outputs: { out: tensorSpec(rng, float32, [1], 'contiguous') },
      checks: { out: { terms: 5000, scale: 'abs' } },
      run: (b, v) => b.reduce('sum', v.src, [0], v.out),
    });
    await runCase(ctxOf(naive), {
      inputs: { a: tensorSpec(rng, float32, [8, 300], 'contiguous', finite), b: tensorSpec(rng, float32, [300, 8], 'permuted', finite) },
      outputs: { out: tensorSpec(rng, float32, [8, 8], 'contiguous') },
      checks: { out: { terms: 300, scale: 'abs' } },
      run: (b, v) => b.matmul(v.a, v.b, v.out),
    });
  });

  it('frees every buffer it allocates', async () => {
    const live = new Set<BackendBuffer>();
    const inner = new ReferenceBackend();
    const tracking: Partial<Backend> = {
      alloc(dtype, n, i) { const buf = inner.alloc(dtype, n, i); live.add(buf); return buf; },
      free(buf) { live.delete(buf); inner.free(buf); },
    };
    await runCase(ctxOf(patched(tracking)), reluCase(new Rng(6)));
    const throwing = patched({ ...tracking, unary() { throw new Error('x'); } });
    await expect(runCase(ctxOf(throwing), reluCase(new Rng(6)))).rejects.toThrow();
    expect(live.size).toBe(0);
  });
});
