import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { float32 } from '@torchts/core';
import { cpuBackend } from '../../src/index.js';
import { setSgemmEnabled } from '../../src/kernels/wasm-sgemm.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface MatmulCase { name: string; a: ViewSpec; b: ViewSpec; expected: OutSpec }

for (const path of ['WebAssembly GEMM', 'JavaScript fallback'] as const) {
  const what = 'sizes crossing the block sizes, transposed operands, batch broadcast, ints';
  describe(`matmul, ${path} (PyTorch goldens: ${what})`, () => {
    let was = true;
    beforeAll(() => {
      was = setSgemmEnabled(path === 'WebAssembly GEMM');
    });
    afterAll(() => {
      setSgemmEnabled(was);
    });
    for (const c of [...loadCases<MatmulCase>('matmul'), ...loadCases<MatmulCase>('matmul_f32')]) {
      it(c.name, () => {
        const out = outView(c.expected.dtype, c.expected.shape);
        cpuBackend.matmul(viewOf(c.a), viewOf(c.b), out);
        // PyTorch accumulates float32 in float32, as the WebAssembly GEMM does (in another
        // order); the JavaScript path accumulates in float64.
        expectMatches(out, c.expected, c.name, { float32: [1e-5, 1e-4], float16: [2e-3, 1e-3] });
      });
    }
  });
}

describe('matmul, float32 out sharing a buffer with an input', () => {
  it('reads all of a and b before writing out (24x20 @ 20x16, out right after a)', () => {
    const [M, K, N] = [24, 20, 16];
    const av = Array.from({ length: M * K }, (_, i) => (i % 7) - 3);
    const bv = Array.from({ length: K * N }, (_, i) => (i % 5) - 2);
    const data = new Float32Array(M * K + M * N);
    data.set(av);
    const buffer = cpuBackend.wrap(float32, data, 0);
    const b = cpuBackend.wrap(float32, Float32Array.from(bv), 0);
    // out overlaps the tail of a: out rows start at a's row 4.
    const a = { buffer, shape: [M, K], strides: [K, 1], offset: 0 };
    const out = { buffer, shape: [M, N], strides: [N, 1], offset: 4 * K };
    cpuBackend.matmul(a, { buffer: b, shape: [K, N], strides: [N, 1], offset: 0 }, out);
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += av[i * K + k]! * bv[k * N + j]!;
        expect(data[4 * K + i * N + j], `out[${i}][${j}]`).toBe(s);
      }
    }
  });
});
