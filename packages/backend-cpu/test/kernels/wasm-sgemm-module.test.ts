import { describe, expect, it } from 'vitest';
import { buildSgemmModule, MR, NR } from '../../src/kernels/wasm-sgemm-module.js';

type Fn = (...args: number[]) => void;

function instantiate(mr = MR, nv = NR / 4, unroll = 1, fma = false) {
  const memory = new WebAssembly.Memory({ initial: 4 });
  const { exports } = new WebAssembly.Instance(new WebAssembly.Module(buildSgemmModule({ mr, nv, unroll, fma })),
    { env: { memory } });
  return { x: exports as Record<string, Fn>, f32: new Float32Array(memory.buffer), i32: new Int32Array(memory.buffer) };
}

/** Small integers, so that float32 sums are exact in any order. */
const ints = (n: number, seed: number): number[] =>
  Array.from({ length: n }, (_, i) => ((i * 7 + seed * 13) % 9) - 4);

describe('the GEMM module', () => {
  it('validates for other register tiles and unrollings', () => {
    for (const [mr, nv, unroll] of [[4, 2, 1], [4, 2, 4], [6, 2, 1], [2, 4, 2], [8, 1, 1], [3, 3, 1]] as const) {
      expect(WebAssembly.validate(buildSgemmModule({ mr, nv, unroll })), `${mr}x${4 * nv} u${unroll}`).toBe(true);
    }
  });

  // The relaxed-SIMD (FMA) variant only where this runtime has relaxed SIMD (Node 22, or Node 20
  // with --experimental-wasm-relaxed-simd).
  const relaxed = WebAssembly.validate(buildSgemmModule({ fma: true }));
  const variants = [[MR, NR / 4, 1, false], [6, 2, 2, false], [2, 3, 4, false], [MR, NR / 4, 1, true],
    [3, 2, 2, true]] as const;
  for (const [mr, nv, unroll, fma] of variants) {
    const name = `${mr}x${4 * nv} tile, k unrolled ${unroll}x${fma ? ', relaxed SIMD multiply-add' : ''}`;
    it.skipIf(fma && !relaxed)(`macro (${name}) computes C = Ap Bp, then C += Ap Bp`, () => {
      const { x, f32 } = instantiate(mr, nv, unroll, fma);
      const nr = 4 * nv, mc = 2 * mr, nc = 3 * nr, kc = 7; // kc not a multiple of the unrolling
      const aps = kc * mr + 4, bps = kc * nr + 8; // panels not back to back
      const pa = 0, pb = 1024, pc = 4096, ldc = nc + 4;
      const A = ints(mc * kc, 1), B = ints(kc * nc, 2); // row-major
      for (let i = 0; i < mc; i++) {
        for (let k = 0; k < kc; k++) f32[pa + Math.floor(i / mr) * aps + k * mr + (i % mr)] = A[i * kc + k]!;
      }
      for (let k = 0; k < kc; k++) {
        for (let j = 0; j < nc; j++) f32[pb + Math.floor(j / nr) * bps + k * nr + (j % nr)] = B[k * nc + j]!;
      }
      f32.fill(NaN, pc, pc + mc * ldc); // overwritten, never read
      x['macro']!(mc, nc, kc, pa * 4, pb * 4, pc * 4, ldc * 4, 1, aps * 4, bps * 4);
      x['macro']!(mc, nc, kc, pa * 4, pb * 4, pc * 4, ldc * 4, 0, aps * 4, bps * 4);
      for (let i = 0; i < mc; i++) {
        for (let j = 0; j < nc; j++) {
          let s = 0;
          for (let k = 0; k < kc; k++) s += A[i * kc + k]! * B[k * nc + j]!;
          expect(f32[pc + i * ldc + j], `C[${i}][${j}]`).toBe(2 * s);
        }
      }
    });
  }

  it('gatherA, gatherB and gatherEdge pack panels through offset tables (contiguous runs or not)', () => {
    const { x, f32, i32 } = instantiate();
    const src = 1000; // staged data: value = element index
    for (let t = 0; t < 400; t++) f32[src + t] = t;
    const tab = (at: number, v: number[]) => i32.set(v, at);
    // A panels: rows 0..7 with adjacent offsets (one f32x4 per k), then scattered rows.
    tab(0, [0, 1, 2, 3, 50, 7, 9, 100]);
    tab(16, [0, 10, 20]); // k offsets
    x['gatherA']!(src * 4, 0, 64, 2, 3, 2000 * 4, 20 * 4);
    expect([...f32.slice(2000, 2012)]).toEqual([0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23]);
    expect([...f32.slice(2020, 2032)]).toEqual([50, 7, 9, 100, 60, 17, 19, 110, 70, 27, 29, 120]);
    // B panels: columns 0..7 adjacent (two f32x4 per k), scattered, then half and half.
    tab(32, [0, 1, 2, 3, 4, 5, 6, 7, 3, 1, 4, 1, 5, 9, 2, 6, 20, 21, 22, 23, 30, 32, 31, 33]);
    tab(56, [100, 200]); // k offsets
    x['gatherB']!(src * 4, 56 * 4, 32 * 4, 3, 2, 3000 * 4, 20 * 4);
    expect([...f32.slice(3000, 3016)]).toEqual([100, 101, 102, 103, 104, 105, 106, 107,
      200, 201, 202, 203, 204, 205, 206, 207]);
    expect([...f32.slice(3020, 3028)]).toEqual([103, 101, 104, 101, 105, 109, 102, 106]);
    expect([...f32.slice(3040, 3056)]).toEqual([120, 121, 122, 123, 130, 132, 131, 133,
      220, 221, 222, 223, 230, 232, 231, 233]);
    // Edge: 3 of 8 columns, 2 steps; the rest stays as the caller left it.
    f32.fill(-1, 4000, 4016);
    x['gatherEdge']!(src * 4, 32 * 4, 56 * 4, 3, 2, 4000 * 4, 8);
    expect([...f32.slice(4000, 4016)]).toEqual([100, 101, 102, -1, -1, -1, -1, -1, 200, 201, 202, -1, -1, -1, -1, -1]);
  });

  it('scatterAdd adds a C block into (repeated) table locations, run by run', () => {
    const { x, f32, i32 } = instantiate();
    const c = 100, dst = 500;
    f32.set([1, 2, 3, 4, 5, 6, 7, 0, 10, 20, 30, 40, 50, 60, 70], c); // 2 rows x 7 columns, ldc 8
    i32.set([0, 2], 0); // row offsets: rows 0 and 1 overlap with a shift of 2
    i32.set([0, 1, 2, 3, 4, 9, 9], 8); // column offsets: five adjacent, then one location twice
    i32.set([0, 5, 5, 1, 6, 1], 16); // runs: (first column, length)
    f32.fill(0, dst, dst + 16);
    x['scatterAdd']!(c * 4, 8 * 4, 2, 16 * 4, 3, 0, 8 * 4, dst * 4);
    expect([...f32.slice(dst, dst + 12)]).toEqual([1, 2, 13, 24, 35, 40, 50, 0, 0, 13, 0, 130]);
  });
});
