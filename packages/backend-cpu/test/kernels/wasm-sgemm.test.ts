import { describe, expect, it } from 'vitest';
import {
  arithmetic, setSgemmEnabled, sgemm, sgemmAvailable, sgemmMatrices, stridedMatrix, type GemmMode, type Matrix,
} from '../../src/kernels/wasm-sgemm.js';
import { genValues, loadCases, num, type OutSpec, type ViewSpec } from '../helpers.js';

interface SgemmCase {
  name: string;
  mode: GemmMode;
  a: ViewSpec; b: ViewSpec; c: ViewSpec;
  cOffset?: number; cRowOff?: number[]; cColOff?: number[];
  expected: OutSpec;
}

const storage = (s: ViewSpec): Float32Array =>
  Float32Array.from(s.gen ? genValues(s.gen.seed, s.gen.n, s.gen.kind) : s.data!.map(num));

const matrixOf = (s: ViewSpec, data = storage(s)): Matrix =>
  stridedMatrix(data, s.offset, s.shape[0]!, s.shape[1]!, s.strides[0]!, s.strides[1]!);

/** Expects the whole C storage to equal PyTorch's (inputs are chosen so that float32 sums are exact). */
function expectStorage(actual: Float32Array, expected: OutSpec, label: string): void {
  const step = expected.step ?? 1;
  const bad: string[] = [];
  expected.data.forEach((v, j) => {
    const w = Math.fround(num(v)), got = actual[j * step]!;
    const ok = Math.abs(got - w) <= 1e-6 * (1 + Math.abs(w));
    if (!ok && bad.length < 8) bad.push(`[${j * step}] got ${got}, PyTorch ${w}`);
  });
  expect(bad, label).toEqual([]);
}

describe('sgemmMatrices (PyTorch goldens: tile and cache-block edges, transposed and strided views, modes)', () => {
  it('is available on Node', () => {
    expect(sgemmAvailable()).toBe(true);
  });
  for (const c of loadCases<SgemmCase>('sgemm')) {
    it(c.name, () => {
      const a = matrixOf(c.a), b = matrixOf(c.b);
      const C = storage(c.c);
      const [M, K] = c.a.shape as [number, number];
      const N = c.b.shape[1]!;
      const out: Matrix = c.cRowOff ?
        { data: C, offset: c.cOffset!, rowOff: Int32Array.from(c.cRowOff), colOff: Int32Array.from(c.cColOff!) } :
        matrixOf(c.c, C);
      expect(sgemmMatrices(M, N, K, a, b, out, c.mode)).toBe(true);
      expectStorage(C, c.expected, c.name);
    });
  }
});

describe('sgemm (strided wrapper)', () => {
  it('computes C = A B and C += A B for row-major operands', () => {
    // [[1, 2], [3, 4]] @ [[5, 6], [7, 8]] = [[19, 22], [43, 50]]
    const A = Float32Array.of(1, 2, 3, 4), B = Float32Array.of(5, 6, 7, 8), C = Float32Array.of(1, 1, 1, 1);
    expect(sgemm(2, 2, 2, A, 0, 2, 1, B, 0, 2, 1, C, 0, 2, 1, false)).toBe(true);
    expect([...C]).toEqual([19, 22, 43, 50]);
    expect(sgemm(2, 2, 2, A, 0, 2, 1, B, 0, 2, 1, C, 0, 2, 1, true)).toBe(true);
    expect([...C]).toEqual([38, 44, 86, 100]);
  });

  it('writes zeros for K = 0 unless accumulating, and nothing for an empty C', () => {
    const C = Float32Array.of(3, 3);
    expect(sgemm(1, 2, 0, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 2, 1, C, 0, 2, 1, true)).toBe(true);
    expect([...C]).toEqual([3, 3]);
    expect(sgemm(1, 2, 0, new Float32Array(0), 0, 0, 1, new Float32Array(0), 0, 2, 1, C, 0, 2, 1, false)).toBe(true);
    expect([...C]).toEqual([0, 0]);
    expect(sgemm(0, 2, 3, new Float32Array(0), 0, 3, 1, new Float32Array(6), 0, 2, 1, C, 0, 2, 1, false)).toBe(true);
  });

  it('adds a row bias (also when K = 0)', () => {
    const A = Float32Array.of(1, 2, 3, 4), B = Float32Array.of(5, 6, 7, 8), C = new Float32Array(4);
    const bias = { data: Float32Array.of(0, 100, 0, 200), offset: 1, stride: 2 };
    const m = (d: Float32Array) => stridedMatrix(d, 0, 2, 2, 2, 1);
    expect(sgemmMatrices(2, 2, 2, m(A), m(B), m(C), 'set', bias)).toBe(true);
    expect([...C]).toEqual([119, 122, 243, 250]);
    const empty = stridedMatrix(new Float32Array(0), 0, 2, 0, 0, 1);
    const none = stridedMatrix(new Float32Array(0), 0, 0, 2, 2, 1);
    expect(sgemmMatrices(2, 2, 0, empty, none, m(C), 'set', bias)).toBe(true);
    expect([...C]).toEqual([100, 100, 200, 200]);
  });

  it('propagates NaN and infinities of the real entries only (padding is never read back)', () => {
    // 5x3 @ 3x9: edge tiles in both directions; one inf in A, one NaN in B.
    const A = new Float32Array(15).fill(1), B = new Float32Array(27).fill(1), C = new Float32Array(45);
    A[0] = Infinity; // row 0
    B[9 + 4] = NaN; // column 4
    sgemm(5, 9, 3, A, 0, 3, 1, B, 0, 9, 1, C, 0, 9, 1, false);
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 9; j++) {
        const want = j === 4 ? NaN : i === 0 ? Infinity : 3;
        expect(C[i * 9 + j], `C[${i}][${j}]`).toBe(want);
      }
    }
  });

  it('packs operands it cannot stage (a sparse view of a big buffer) in JavaScript, with the same result', () => {
    // A 3x2 view with huge strides: its span is far bigger than its 6 elements.
    const big = new Float32Array(200_008);
    const A = Float32Array.of(1, 2, 3, 4, 5, 6);
    for (let i = 0; i < 3; i++) for (let k = 0; k < 2; k++) big[i * 100_000 + k * 7] = A[i * 2 + k]!;
    const B = Float32Array.of(1, 0, 2, 0, 1, 3);
    const C = new Float32Array(9);
    sgemm(3, 3, 2, big, 0, 100_000, 7, B, 0, 3, 1, C, 0, 3, 1, false);
    expect([...C]).toEqual([1, 2, 8, 3, 4, 18, 5, 6, 28]);
  });

  it('returns false and leaves C alone when disabled', () => {
    const was = setSgemmEnabled(false);
    try {
      expect(sgemmAvailable()).toBe(false);
      const C = Float32Array.of(7);
      expect(sgemm(1, 1, 1, Float32Array.of(2), 0, 1, 1, Float32Array.of(3), 0, 1, 1, C, 0, 1, 1, false)).toBe(false);
      expect(C[0]).toBe(7);
    } finally {
      setSgemmEnabled(was);
    }
  });
});

describe('arithmetic and stridedMatrix', () => {
  it('build the offset tables of a strided view', () => {
    expect([...arithmetic(4, 3, 1)]).toEqual([1, 4, 7, 10]);
    const m = stridedMatrix(new Float32Array(12), 2, 2, 3, 1, 4);
    expect([...m.rowOff]).toEqual([0, 1]);
    expect([...m.colOff]).toEqual([0, 4, 8]);
    expect(m.offset).toBe(2);
  });
});
