/**
 * Batched matrix multiplication.
 *
 * Floats go through {@link gemm}, a cache-blocked GEMM in the style of GotoBLAS/BLIS: B is packed
 * in KC x NC blocks of NR-column panels, A in MC x KC blocks of MR-row panels (from any strides,
 * zero-padding the edges), and a 4x4 register-tiled micro-kernel accumulates in float64 locals.
 * Results are accumulated in float64 and rounded once into out's dtype. Float32 products big
 * enough to pay for it go to the WebAssembly SIMD GEMM of `wasm-sgemm.ts` instead (float32 sums,
 * like PyTorch's), with this path as the fallback where WebAssembly SIMD is missing. Integer
 * dtypes take a simple loop that wraps like C (int64 exact while within 2^53, wrapping past it).
 * @module
 */
import type { DType, TypedArray, View } from '@torchts/core';
import { float64 } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { castKind, castRow } from './copy.js';
import { addInt64, mulInt64 } from './int64.js';
import { Loop } from './strided.js';
import { sgemm, sgemmAvailable } from './wasm-sgemm.js';

/** Register tile: MR rows of A times NR columns of B. */
const MR = 4;
const NR = 4;
/** Cache blocks: an MC x KC block of A stays in L2, a KC x NR panel of B in L1. */
const MC = 64;
const KC = 256;
const NC = 512;

/** Below this many multiply-adds (or for thin matrices) the packing costs more than it saves. */
const SMALL = 32 * 32 * 32;
/** Float32 products with fewer multiply-adds than this stay in JavaScript (the call and copies cost more). */
const WASM_MIN = 16 * 16 * 16;

let packA = new Float64Array(MC * KC);
let packB = new Float64Array(KC * NC);
const edgeTile = new Float64Array(MR * NR);

/**
 * The 4x4 micro-kernel: C[co.., ldc] += Ap panel (kc x 4) * Bp panel (kc x 4). Sixteen
 * accumulators plus the four B values of a step is about what x64's 16 vector registers hold.
 */
function kernel4x4(kc: number, Ap: Float64Array, ao: number, Bp: Float64Array, bo: number, C: Float64Array,
  co: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let k = 0; k < kc; k++, ao += 4, bo += 4) {
    const b0 = Bp[bo]!, b1 = Bp[bo + 1]!, b2 = Bp[bo + 2]!, b3 = Bp[bo + 3]!;
    let a = Ap[ao]!;
    c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
    a = Ap[ao + 1]!;
    c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
    a = Ap[ao + 2]!;
    c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
    a = Ap[ao + 3]!;
    c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
  }
  C[co] += c00; C[co + 1] += c01; C[co + 2] += c02; C[co + 3] += c03;
  co += ldc;
  C[co] += c10; C[co + 1] += c11; C[co + 2] += c12; C[co + 3] += c13;
  co += ldc;
  C[co] += c20; C[co + 1] += c21; C[co + 2] += c22; C[co + 3] += c23;
  co += ldc;
  C[co] += c30; C[co + 1] += c31; C[co + 2] += c32; C[co + 3] += c33;
}

/** Packs rows [i0, i0+mc) x cols [p0, p0+kc) of A into MR-row panels, k-major, zero-padded. */
function packPanelsA(A: TypedArray, ao: number, ars: number, acs: number, i0: number, mc: number, p0: number,
  kc: number, dst: Float64Array): void {
  let o = 0;
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = Math.min(MR, mc - ip);
    const base = ao + (i0 + ip) * ars + p0 * acs;
    if (rows === MR) {
      for (let k = 0, p = base; k < kc; k++, p += acs) {
        dst[o] = A[p]!;
        dst[o + 1] = A[p + ars]!;
        dst[o + 2] = A[p + 2 * ars]!;
        dst[o + 3] = A[p + 3 * ars]!;
        o += 4;
      }
    } else {
      for (let k = 0, p = base; k < kc; k++, p += acs) {
        for (let r = 0; r < MR; r++) dst[o++] = r < rows ? A[p + r * ars]! : 0;
      }
    }
  }
}

/** Packs rows [p0, p0+kc) x cols [j0, j0+nc) of B into NR-column panels, k-major, zero-padded. */
function packPanelsB(B: TypedArray, bo: number, brs: number, bcs: number, p0: number, kc: number, j0: number,
  nc: number, dst: Float64Array): void {
  let o = 0;
  for (let jp = 0; jp < nc; jp += NR) {
    const cols = Math.min(NR, nc - jp);
    const base = bo + p0 * brs + (j0 + jp) * bcs;
    if (cols === NR) {
      for (let k = 0, p = base; k < kc; k++, p += brs) {
        dst[o] = B[p]!;
        dst[o + 1] = B[p + bcs]!;
        dst[o + 2] = B[p + 2 * bcs]!;
        dst[o + 3] = B[p + 3 * bcs]!;
        o += 4;
      }
    } else {
      for (let k = 0, p = base; k < kc; k++, p += brs) {
        for (let c = 0; c < NR; c++) dst[o++] = c < cols ? B[p + c * bcs]! : 0;
      }
    }
  }
}

/** Direct loops for small or thin products: C += A B. */
function gemmSmall(M: number, N: number, K: number, A: TypedArray, ao: number, ars: number, acs: number,
  B: TypedArray, bo: number, brs: number, bcs: number, C: Float64Array, co: number, ldc: number): void {
  if (N >= 8) {
    // i-k-j: the inner loop streams a row of B into a row of C.
    for (let i = 0; i < M; i++) {
      const ci = co + i * ldc;
      for (let k = 0; k < K; k++) {
        const a = A[ao + i * ars + k * acs]!;
        for (let j = 0, pb = bo + k * brs; j < N; j++, pb += bcs) C[ci + j] += a * B[pb]!;
      }
    }
  } else {
    // Thin B (matrix-vector and the like): one dot product per output.
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0, pa = ao + i * ars, pb = bo + j * bcs; k < K; k++, pa += acs, pb += brs) s += A[pa]! * B[pb]!;
        C[co + i * ldc + j] += s;
      }
    }
  }
}

/**
 * `C += A B` in float64, where A is M x K at `A[ao + i*ars + k*acs]`, B is K x N at
 * `B[bo + k*brs + j*bcs]` (any strides, any float TypedArray), and C is a row-major float64
 * array with row stride `ldc`.
 *
 * @example
 * const C = new Float64Array(M * N);
 * gemm(M, N, K, a, 0, K, 1, b, 0, N, 1, C, 0, N); // C = a @ b, both row-major
 */
export function gemm(M: number, N: number, K: number, A: TypedArray, ao: number, ars: number, acs: number,
  B: TypedArray, bo: number, brs: number, bcs: number, C: Float64Array, co: number, ldc: number): void {
  if (M === 0 || N === 0 || K === 0) return;
  if (M * N * K <= SMALL || M < MR || N < NR) {
    gemmSmall(M, N, K, A, ao, ars, acs, B, bo, brs, bcs, C, co, ldc);
    return;
  }
  if (packA.length < MC * KC) packA = new Float64Array(MC * KC);
  if (packB.length < KC * NC) packB = new Float64Array(KC * NC);
  const Ap = packA, Bp = packB;
  for (let jc = 0; jc < N; jc += NC) {
    const nc = Math.min(NC, N - jc);
    for (let pc = 0; pc < K; pc += KC) {
      const kc = Math.min(KC, K - pc);
      packPanelsB(B, bo, brs, bcs, pc, kc, jc, nc, Bp);
      for (let ic = 0; ic < M; ic += MC) {
        const mc = Math.min(MC, M - ic);
        packPanelsA(A, ao, ars, acs, ic, mc, pc, kc, Ap);
        for (let jr = 0; jr < nc; jr += NR) {
          const cols = Math.min(NR, nc - jr);
          const bOff = (jr / NR) * kc * NR;
          for (let ir = 0; ir < mc; ir += MR) {
            const rows = Math.min(MR, mc - ir);
            const aOff = (ir / MR) * kc * MR;
            const cOff = co + (ic + ir) * ldc + jc + jr;
            if (rows === MR && cols === NR) {
              kernel4x4(kc, Ap, aOff, Bp, bOff, C, cOff, ldc);
            } else {
              // Edge tile: compute the padded 4x4 tile aside, add its valid part.
              edgeTile.fill(0);
              kernel4x4(kc, Ap, aOff, Bp, bOff, edgeTile, 0, NR);
              for (let r = 0; r < rows; r++) {
                for (let c = 0; c < cols; c++) C[cOff + r * ldc + c] += edgeTile[r * NR + c]!;
              }
            }
          }
        }
      }
    }
  }
}

/** Integer matmul for one batch: wrapping int32 arithmetic for int32 and narrower, int64 exact. */
function matmulInt(dtype: DType, M: number, N: number, K: number, A: TypedArray, ao: number, ars: number,
  acs: number, B: TypedArray, bo: number, brs: number, bcs: number, O: TypedArray, oo: number, ors: number,
  ocs: number): void {
  const i64 = dtype.name === 'int64';
  const isBool = dtype.isBool;
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      let pa = ao + i * ars, pb = bo + j * bcs;
      if (i64) {
        for (let k = 0; k < K; k++, pa += acs, pb += brs) s = addInt64(s, mulInt64(A[pa]!, B[pb]!));
        s += 0;
      } else {
        for (let k = 0; k < K; k++, pa += acs, pb += brs) s = (s + Math.imul(A[pa]!, B[pb]!)) | 0;
      }
      O[oo + i * ors + j * ocs] = isBool ? (s !== 0 ? 1 : 0) : s;
    }
  }
}

/** Strides of `v`'s batch dims aligned to out's `nb` batch dims (missing or broadcast dims get 0). */
function batchStrides(v: View, nb: number): number[] {
  const vb = v.shape.length - 2;
  const s = new Array<number>(nb).fill(0);
  for (let d = 0; d < vb; d++) {
    const od = nb - vb + d;
    if (od >= 0) s[od] = v.shape[d] === 1 ? 0 : v.strides[d]!;
  }
  return s;
}

/**
 * Whether the batch dims (`strides` for `shape`) and a row dim of M rows at stride `rs` are one
 * evenly strided run of rows, so that the batches form a single (batch*M)-row matrix.
 */
function stacksRows(shape: readonly number[], strides: readonly number[], M: number, rs: number): boolean {
  let expect = M * rs;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (strides[d] !== expect) return false;
    expect *= shape[d]!;
  }
  return true;
}

/**
 * The float32 batches on the WebAssembly GEMM, through a temporary when out shares memory with an
 * input; false if the GEMM gave up (its memory could not grow), leaving out to the JS path.
 */
function matmulWasm(M: number, N: number, K: number, A: Float32Array, ars: number, acs: number, B: Float32Array,
  brs: number, bcs: number, O: Float32Array, ors: number, ocs: number, loop: Loop): boolean {
  const { n, s0, s1, s2 } = loop;
  const alias = O.buffer === A.buffer || O.buffer === B.buffer;
  const tmp = alias ? new Float32Array(M * N) : null;
  let ok = true;
  loop.forEach((ia, ib, io) => {
    for (let t = 0; t < n && ok; t++, ia += s0, ib += s1, io += s2) {
      if (tmp) {
        ok = sgemm(M, N, K, A, ia, ars, acs, B, ib, brs, bcs, tmp, 0, N, 1, false);
        for (let i = 0; i < M && ok; i++) for (let j = 0; j < N; j++) O[io + i * ors + j * ocs] = tmp[i * N + j]!;
      } else {
        ok = sgemm(M, N, K, A, ia, ars, acs, B, ib, brs, bcs, O, io, ors, ocs, false);
      }
    }
  });
  return ok;
}

/**
 * Batched matrix product: `a` [..., M, K] times `b` [..., K, N] into `out` [..., M, N]; the batch
 * dims of a and b are already broadcast to out's (0 strides).
 */
export function matmul(a: View, b: View, out: View): void {
  const A = dataOf(a), B = dataOf(b), O = dataOf(out);
  const ra = a.shape.length, rb = b.shape.length, ro = out.shape.length;
  const M = a.shape[ra - 2]!, K = a.shape[ra - 1]!, N = b.shape[rb - 1]!;
  const ars = a.strides[ra - 2]!, acs = a.strides[ra - 1]!;
  const brs = b.strides[rb - 2]!, bcs = b.strides[rb - 1]!;
  const ors = out.strides[ro - 2]!, ocs = out.strides[ro - 1]!;
  const nb = ro - 2;
  const batchShape = out.shape.slice(0, nb);
  const loop = new Loop(batchShape, [batchStrides(a, nb), batchStrides(b, nb), out.strides.slice(0, nb)],
    [a.offset, b.offset, out.offset], 2);
  const { n, s0, s1, s2 } = loop;
  const dtype = a.buffer.dtype;
  // Nothing to write (and views of empty outputs may point one past their buffer).
  if (M === 0 || N === 0 || n === 0) return;
  if (!dtype.isFloatingPoint) {
    loop.forEach((ia, ib, io) => {
      for (let t = 0; t < n; t++, ia += s0, ib += s1, io += s2) {
        matmulInt(dtype, M, N, K, A, ia, ars, acs, B, ib, brs, bcs, O, io, ors, ocs);
      }
    });
    return;
  }
  const outDtype = out.buffer.dtype;
  // Matrix-vector products (N < 4) stay in JS: memory-bound dot products that read A once, where
  // the GEMM would copy and pack A and pad B's columns to its 8-wide tiles.
  if (dtype.name === 'float32' && outDtype.name === 'float32' && N >= 4 && sgemmAvailable()) {
    const rows = n * loop.rows;
    // A shared B (e.g. a linear layer on a batch of sequences): one GEMM over the stacked rows.
    const stacked = rows > 1 && batchStrides(b, nb).every((s) => s === 0) &&
      stacksRows(batchShape, batchStrides(a, nb), M, ars) && stacksRows(batchShape, out.strides.slice(0, nb), M, ors);
    if ((stacked ? rows : 1) * M * N * K >= WASM_MIN) {
      const A32 = A as Float32Array, B32 = B as Float32Array, O32 = O as Float32Array;
      const ok = stacked ?
        matmulWasm(rows * M, N, K, A32, ars, acs, B32, brs, bcs, O32, ors, ocs,
          new Loop([], [[], [], []], [a.offset, b.offset, out.offset])) :
        matmulWasm(M, N, K, A32, ars, acs, B32, brs, bcs, O32, ors, ocs, loop);
      if (ok) return;
    }
  }
  // float64 out, row-major and not aliasing an input: accumulate in place.
  const direct = outDtype.name === 'float64' && ocs === 1 && (ors === N || M === 1) && O !== A && O !== B;
  const C = direct ? (O as Float64Array) : new Float64Array(M * N);
  const kind = castKind(float64, outDtype);
  loop.forEach((ia, ib, io) => {
    for (let t = 0; t < n; t++, ia += s0, ib += s1, io += s2) {
      const co = direct ? io : 0;
      C.fill(0, co, co + M * N);
      gemm(M, N, K, A, ia, ars, acs, B, ib, brs, bcs, C, co, N);
      if (!direct) {
        for (let i = 0; i < M; i++) castRow(kind, C, i * N, 1, O, io + i * ors, ocs, N);
      }
    }
  });
}
