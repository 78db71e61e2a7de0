// Parity of the CUDA backend with the CPU backend on random data at sizes the conformance suite
// does not reach: the code paths that only large inputs take (split reductions, block scans,
// the global-memory sort, multi-tile GEMMs through cuBLAS and the builtin kernels, split-K
// convolution gradients, atomics with many duplicates). Outputs are poisoned before each kernel.
// Without a GPU every test is skipped with the reason ("no CUDA driver").
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@torchts/backend-cpu';
import { dtypes, type BackendBuffer, type Conv2dParams, type DType, type TypedArray, type View } from '@torchts/core';
import { cudaBackend } from '../src/index.js';

const { float32, float64, float16, bfloat16, int64, int32, int8, bool } = dtypes;
const reason = cudaBackend.unavailableReason();
const gpu = reason === null ? it : it.skip;
const why = reason === null ? '' : ` (skipped: ${reason})`;

/** mulberry32: a small seeded generator. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tensor on both backends, with the same storage contents. */
interface Pair {
  dtype: DType;
  cpu: View;
  gpu: View;
}

let gpuBuffers: BackendBuffer[] = [];

function stridesOf(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d]!;
  }
  return s;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function pairOf(dtype: DType, shape: number[], data: TypedArray): Pair {
  const n = data.length;
  const cb = cpuBackend.alloc(dtype, n, 0);
  cpuBackend.write(cb, data, 0);
  const gb = cudaBackend.alloc(dtype, n, 0);
  gpuBuffers.push(gb);
  cudaBackend.write(gb, data, 0);
  const strides = stridesOf(shape);
  return { dtype, cpu: { buffer: cb, shape, strides, offset: 0 }, gpu: { buffer: gb, shape, strides, offset: 0 } };
}

/** Random values: floats uniform in [lo, hi) (rounded to `step` when given), integers in [lo, hi]. */
function random(dtype: DType, shape: number[], seed: number, lo = -2, hi = 2, step = 0): Pair {
  const next = generator(seed);
  const data = new dtype.ArrayType(numel(shape));
  for (let i = 0; i < data.length; i++) {
    let v = lo + (hi - lo) * next();
    if (dtype.isBool) v = next() < 0.5 ? 0 : 1;
    else if (!dtype.isFloatingPoint) v = Math.floor(lo + (hi - lo + 1) * next());
    else if (step) v = Math.round(v / step) * step;
    data[i] = v;
  }
  return pairOf(dtype, shape, data);
}

/** An output filled with NaN (floats) or 77 (integers), so that unwritten elements show. */
function poisoned(dtype: DType, shape: number[]): Pair {
  const data = new dtype.ArrayType(numel(shape));
  data.fill(dtype.isFloatingPoint ? NaN : dtype.isBool ? 1 : 77);
  return pairOf(dtype, shape, data);
}

/** The same storage seen through another geometry. */
function view(t: Pair, shape: number[], strides: number[], offset = 0): Pair {
  return { dtype: t.dtype, cpu: { ...t.cpu, shape, strides, offset }, gpu: { ...t.gpu, shape, strides, offset } };
}

function transpose(t: Pair, d0: number, d1: number): Pair {
  const shape = [...t.cpu.shape], strides = [...t.cpu.strides];
  [shape[d0], shape[d1]] = [shape[d1]!, shape[d0]!];
  [strides[d0], strides[d1]] = [strides[d1]!, strides[d0]!];
  return view(t, shape, strides, t.cpu.offset);
}

interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Reads both results and compares them (exactly for integers, NaN for NaN). */
function check(what: string, t: Pair, tol: Tolerance = {}): void {
  const got = cudaBackend.read(t.gpu), want = cpuBackend.read(t.cpu);
  const { rtol = 1e-5, atol = 1e-6 } = tol;
  const exact = !t.dtype.isFloatingPoint;
  const bad: string[] = [];
  let count = 0;
  for (let i = 0; i < want.length; i++) {
    const a = got[i]!, b = want[i]!;
    const ok = exact ? a === b
      : Number.isNaN(b) ? Number.isNaN(a)
        : !Number.isFinite(b) ? a === b
          : Math.abs(a - b) <= atol + rtol * Math.abs(b);
    if (!ok) {
      count++;
      if (bad.length < 6) bad.push(`[${i}] cuda ${a}, cpu ${b}`);
    }
  }
  if (count) throw new Error(`${what}: ${count} of ${want.length} elements differ: ${bad.join(', ')}`);
}

/** Runs `body`, then frees the GPU buffers it made. */
function withBuffers(body: () => void): () => void {
  return () => {
    try {
      body();
    } finally {
      for (const b of gpuBuffers) cudaBackend.free(b);
      gpuBuffers = [];
    }
  };
}

/** Calls the same kernel on both backends. */
function both(run: (b: typeof cudaBackend | typeof cpuBackend, side: 'cpu' | 'gpu') => void): void {
  run(cpuBackend, 'cpu');
  run(cudaBackend, 'gpu');
}

describe('CUDA vs CPU parity on large random inputs', () => {
  gpu(`elementwise ops on a million transposed elements${why}`, withBuffers(() => {
    const x = transpose(random(float32, [1000, 1001], 1, -4, 4), 0, 1);
    for (const op of ['exp', 'tanh', 'gelu', 'sigmoid', 'log1p', 'sqrt', 'erfc', 'round'] as const) {
      const out = poisoned(float32, [1001, 1000]);
      both((b, s) => b.unary(op, x[s], out[s]));
      check(`unary ${op}`, out);
    }
    const col = random(float32, [1000], 2), row = random(float32, [1001], 3);
    const a = view(col, [1000, 1001], [1, 0]), b = view(row, [1000, 1001], [0, 1]);
    for (const op of ['add', 'mul', 'divFloor', 'pow', 'atan2'] as const) {
      const out = poisoned(float32, [1000, 1001]);
      both((be, s) => be.binary(op, a[s], b[s], out[s]));
      check(`binary ${op} (broadcast)`, out);
    }
    const h1 = random(float16, [300, 301], 4), h2 = random(float16, [300, 301], 5);
    const hout = poisoned(float16, [300, 301]);
    both((be, s) => be.binary('mul', h1[s], h2[s], hout[s]));
    check('float16 mul', hout, { rtol: 1e-3, atol: 1e-5 });
    const g1 = random(bfloat16, [300, 301], 9), g2 = random(bfloat16, [300, 301], 10);
    const gout = poisoned(bfloat16, [300, 301]);
    both((be, s) => be.binary('mul', g1[s], g2[s], gout[s]));
    check('bfloat16 mul', gout, { rtol: 0, atol: 0 }); // one float32 product, rounded once: exact
    const i1 = random(int32, [512, 513], 6, -100000, 100000), i2 = random(int32, [512, 513], 7, 1, 1000);
    for (const op of ['remainder', 'divFloor', 'mul', 'bitwiseXor'] as const) {
      const iout = poisoned(int32, [512, 513]);
      both((be, s) => be.binary(op, i1[s], i2[s], iout[s]));
      check(`int32 ${op}`, iout);
    }
    const cond = random(bool, [1000, 1001], 8);
    const w = poisoned(float32, [1000, 1001]);
    both((be, s) => be.where(cond[s], a[s], b[s], w[s]));
    check('where', w);
    const cast = poisoned(float16, [1001, 1000]);
    both((be, s) => be.copy(x[s], cast[s]));
    check('copy float32 -> float16', cast, { rtol: 0, atol: 0 });
    const bcast = poisoned(bfloat16, [1001, 1000]);
    both((be, s) => be.copy(x[s], bcast[s]));
    check('copy float32 -> bfloat16', bcast, { rtol: 0, atol: 0 });
  }));

  gpu(`reductions over long ranges and many outputs${why}`, withBuffers(() => {
    const x = random(float32, [1000, 1000], 11);
    const all = poisoned(float32, [1, 1]);
    both((b, s) => b.reduce('sum', x[s], [0, 1], all[s]));
    check('sum of a million', all, { rtol: 1e-5, atol: 1e-2 });
    const tall = random(float32, [4096, 33], 12);
    const cols = poisoned(float32, [1, 33]);
    both((b, s) => b.reduce('sum', tall[s], [0], cols[s]));
    check('column sums of a tall matrix', cols, { rtol: 1e-5, atol: 1e-3 });
    const wide = random(float32, [3, 200000], 13);
    const nanAt = view(wide, [1], [1], 200000 + 777);
    const nan = poisoned(float32, [1]); // writes NaN into row 1
    both((b, s) => b.copy(nan[s], nanAt[s]));
    for (const op of ['max', 'min', 'argmax', 'argmin'] as const) {
      const out = poisoned(op.startsWith('arg') ? int64 : float32, [3, 1]);
      both((b, s) => b.reduce(op, wide[s], [1], out[s]));
      check(`${op} of long rows with a NaN`, out);
    }
    const ties = random(float32, [64, 5000], 14, -2, 2, 0.25);
    const am = poisoned(int64, [64, 1]);
    both((b, s) => b.reduce('argmax', ties[s], [1], am[s]));
    check('argmax with ties', am);
    const signs = random(int64, [50, 300], 15, -1, 1);
    const prod = poisoned(int64, [1, 300]);
    both((b, s) => b.reduce('prod', signs[s], [0], prod[s]));
    check('int64 prod', prod);
    const bits = random(bool, [700, 900], 16);
    for (const op of ['any', 'all'] as const) {
      const out = poisoned(bool, [700, 1]);
      both((b, s) => b.reduce(op, bits[s], [1], out[s]));
      check(`bool ${op}`, out);
    }
    const bytes = random(int8, [300, 1000], 17, -128, 127);
    const bsum = poisoned(int64, [1, 1]);
    both((b, s) => b.reduce('sum', bytes[s], [0, 1], bsum[s]));
    check('int8 sum into int64', bsum);
  }));

  for (const useCublas of [true, false]) {
    gpu(`matmul on ${useCublas ? 'cuBLAS (when loaded)' : 'the builtin kernels'}${why}`, withBuffers(() => {
      cudaBackend.setCublasEnabled(useCublas);
      try {
        const a = random(float32, [256, 384], 21), b = random(float32, [384, 200], 22);
        const c = poisoned(float32, [256, 200]);
        both((be, s) => be.matmul(a[s], b[s], c[s]));
        check('float32 256x384 @ 384x200', c, { rtol: 1e-4, atol: 1e-3 });
        const bt = transpose(random(float32, [200, 384], 23), 0, 1);
        const c2 = poisoned(float32, [256, 200]);
        both((be, s) => be.matmul(a[s], bt[s], c2[s]));
        check('float32 with a transposed operand', c2, { rtol: 1e-4, atol: 1e-3 });
        const ba = random(float32, [6, 70, 33], 24), bb = view(random(float32, [33, 90], 25), [6, 33, 90], [0, 90, 1]);
        const bc = poisoned(float32, [6, 70, 90]);
        both((be, s) => be.matmul(ba[s], bb[s], bc[s]));
        check('batched, b broadcast over the batch', bc, { rtol: 1e-4, atol: 1e-4 });
        const ct = transpose(poisoned(float32, [90, 70]), 0, 1);
        both((be, s) => be.matmul(view(ba, [70, 33], [33, 1])[s], view(bb, [33, 90], [90, 1])[s], ct[s]));
        check('into a transposed output', ct, { rtol: 1e-4, atol: 1e-4 });
        const d1 = random(float64, [129, 65], 26), d2 = random(float64, [65, 70], 27), dc = poisoned(float64, [129, 70]);
        both((be, s) => be.matmul(d1[s], d2[s], dc[s]));
        check('float64', dc, { rtol: 1e-12, atol: 1e-12 });
        const h1 = random(float16, [128, 256], 28), h2 = random(float16, [256, 64], 29), hc = poisoned(float16, [128, 64]);
        both((be, s) => be.matmul(h1[s], h2[s], hc[s]));
        check('float16 (float32 accumulation)', hc, { rtol: 2e-3, atol: 2e-3 });
        const g1 = random(bfloat16, [128, 256], 32), g2 = random(bfloat16, [256, 64], 33), gc = poisoned(bfloat16, [128, 64]);
        both((be, s) => be.matmul(g1[s], g2[s], gc[s]));
        check('bfloat16 (float32 accumulation)', gc, { rtol: 1.6e-2, atol: 1e-2 });
        const i1 = random(int32, [70, 50], 30, -1000, 1000), i2 = random(int32, [50, 30], 31, -1000, 1000);
        const ic = poisoned(int32, [70, 30]);
        both((be, s) => be.matmul(i1[s], i2[s], ic[s]));
        check('int32', ic);
      } finally {
        cudaBackend.setCublasEnabled(true);
      }
    }));
  }

  gpu(`conv2d forward and both backwards${why}`, withBuffers(() => {
    const cases: { input: number[]; weight: number[]; p: Conv2dParams }[] = [
      { input: [8, 16, 28, 28], weight: [32, 16, 3, 3], p: { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 } },
      { input: [4, 6, 17, 15], weight: [9, 2, 3, 2], p: { stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 3 } },
      { input: [2, 64, 9, 9], weight: [128, 64, 1, 1], p: { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 } },
    ];
    for (const [i, { input, weight, p }] of cases.entries()) {
      const [N, , H, W] = input as [number, number, number, number];
      const [O, , kH, kW] = weight as [number, number, number, number];
      const oH = Math.floor((H + 2 * p.padding[0] - p.dilation[0] * (kH - 1) - 1) / p.stride[0]) + 1;
      const oW = Math.floor((W + 2 * p.padding[1] - p.dilation[1] * (kW - 1) - 1) / p.stride[1]) + 1;
      const x = random(float32, input, 40 + i), w = random(float32, weight, 50 + i), bias = random(float32, [O], 60 + i);
      const y = poisoned(float32, [N, O, oH, oW]);
      both((b, s) => b.fused!.conv2d!(x[s], w[s], bias[s], p, y[s]));
      check(`conv2d #${i}`, y, { rtol: 1e-4, atol: 1e-4 });
      const gy = random(float32, [N, O, oH, oW], 70 + i);
      const gx = poisoned(float32, input);
      both((b, s) => b.fused!.conv2dBackwardInput!(gy[s], w[s], p, gx[s]));
      check(`conv2dBackwardInput #${i}`, gx, { rtol: 1e-4, atol: 1e-4 });
      const gw = poisoned(float32, weight);
      both((b, s) => b.fused!.conv2dBackwardWeight!(gy[s], x[s], p, gw[s]));
      check(`conv2dBackwardWeight #${i}`, gw, { rtol: 1e-4, atol: 1e-3 });
    }
  }));

  gpu(`pooling and softmax${why}`, withBuffers(() => {
    const x = random(float32, [8, 16, 28, 28], 80, -2, 2, 0.5);
    for (const [k, st, pad] of [[2, 2, 0], [3, 2, 1]] as const) {
      const o = Math.floor((28 + 2 * pad - (k - 1) - 1) / st) + 1;
      const out = poisoned(float32, [8, 16, o, o]), idx = poisoned(int64, [8, 16, o, o]);
      both((b, s) => b.fused!.maxPool2d!(x[s], [k, k], [st, st], [pad, pad], [1, 1], out[s], idx[s]));
      check(`maxPool2d k${k} values`, out, { rtol: 0, atol: 0 });
      check(`maxPool2d k${k} indices`, idx);
    }
    for (const [shape, log] of [[[512, 1000], false], [[4, 5000], true], [[100, 37], true]] as const) {
      const src = random(float32, [...shape], 81, -12, 12), out = poisoned(float32, [...shape]);
      both((b, s) => b.fused!.softmax!(src[s], log, out[s]));
      check(`${log ? 'logSoftmax' : 'softmax'} [${shape}]`, out, { rtol: 1e-5, atol: 1e-6 });
    }
  }));

  gpu(`cumulative sums and products${why}`, withBuffers(() => {
    const long = random(float32, [4, 100000], 90);
    const out = poisoned(float32, [4, 100000]);
    both((b, s) => b.cumulative('sum', long[s], 1, out[s]));
    check('cumsum of long rows', out, { rtol: 1e-4, atol: 2e-3 });
    const signs = random(int64, [40, 64], 91, -1, 1);
    const prod = poisoned(int64, [40, 64]);
    both((b, s) => b.cumulative('prod', signs[s], 0, prod[s]));
    check('int64 cumprod', prod);
    const bytes = random(int8, [1000, 64], 92, -128, 127);
    const sum = poisoned(int64, [1000, 64]);
    both((b, s) => b.cumulative('sum', bytes[s], 0, sum[s]));
    check('int8 cumsum into int64', sum);
  }));

  gpu(`stable sorts of long and many lines${why}`, withBuffers(() => {
    const long = random(float32, [3, 5000], 100, -3, 3, 0.5);
    const nanAt = view(long, [1], [1], 5000 + 1234);
    const nan = poisoned(float32, [1]);
    both((b, s) => b.copy(nan[s], nanAt[s]));
    for (const desc of [false, true]) {
      const v = poisoned(float32, [3, 5000]), ix = poisoned(int64, [3, 5000]);
      both((b, s) => b.sort(long[s], 1, desc, v[s], ix[s]));
      check(`sort of 5000 (${desc ? 'descending' : 'ascending'}) values`, v, { rtol: 0, atol: 0 });
      check(`sort of 5000 (${desc ? 'descending' : 'ascending'}) indices`, ix);
    }
    const many = random(int32, [1000, 200], 101, -5, 5);
    const v = poisoned(int32, [200, 1000]), ix = poisoned(int64, [200, 1000]);
    both((b, s) => b.sort(transpose(many, 0, 1)[s], 1, false, v[s], ix[s]));
    check('int32 sort along a strided dim', v);
    check('int32 sort indices', ix);
  }));

  gpu(`gather, scatterAdd and indexSelect with many duplicates${why}`, withBuffers(() => {
    const src = random(float32, [1000, 64], 110);
    const index = random(int64, [1000, 32], 111, 0, 63);
    const g = poisoned(float32, [1000, 32]);
    both((b, s) => b.gather(src[s], 1, index[s], g[s]));
    check('gather', g, { rtol: 0, atol: 0 });
    const into = random(float32, [100, 64], 112);
    const rows = random(int64, [1000, 64], 113, 0, 99);
    both((b, s) => b.scatterAdd(into[s], 0, rows[s], src[s]));
    check('float32 scatterAdd (atomics)', into, { rtol: 1e-5, atol: 1e-4 });
    const bytes = random(int8, [100, 64], 114, -128, 127), bsrc = random(int8, [1000, 64], 115, -128, 127);
    both((b, s) => b.scatterAdd(bytes[s], 0, rows[s], bsrc[s]));
    check('int8 scatterAdd (int32 accumulator, wrapping)', bytes);
    const table = random(float32, [10000, 128], 116);
    const ids = random(int64, [4096], 117, 0, 9999);
    const rowsOut = poisoned(float32, [4096, 128]);
    both((b, s) => b.indexSelect(table[s], 0, ids[s], rowsOut[s]));
    check('indexSelect of embedding rows', rowsOut, { rtol: 0, atol: 0 });
  }));
});

describe('parity helpers', () => {
  it('generate the same numbers for a seed', () => {
    const a = generator(7), b = generator(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});
