/**
 * Kernel benchmarks of the CUDA backend, for the GPU session (bundled into .gpu/gpu-bench.mjs by
 * scripts/gpu-bundle.sh, run by `bash .gpu/run.sh --bench` next to torch-bench.py, which times
 * the same ops in PyTorch on the same GPU and prints both side by side).
 *
 *   node gpu-bench.mjs [--json out.json] [--filter <regexp>]
 *
 * Each case runs 3 warm-up iterations, then enough timed iterations for ~0.3 s, between
 * synchronisations; it reports the mean time and GFLOP/s or GB/s.
 */
import { writeFileSync } from 'node:fs';
import { dtypes, type Conv2dParams, type DType, type View } from '@torchts/core';
import { cuda, cudaBackend, type CudaBuffer } from '../src/index.js';

const { float32, float16, bfloat16, int64 } = dtypes;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
const filter = arg('--filter') ? new RegExp(arg('--filter')!) : null;

const buffers: CudaBuffer[] = [];

function stridesOf(shape: number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    s[d] = acc;
    acc *= shape[d]!;
  }
  return s;
}

/** A contiguous tensor of uniform random values in [-1, 1) (integers in [0, hi)). */
function tensor(dtype: DType, shape: number[], hi = 0): View {
  const n = shape.reduce((a, b) => a * b, 1);
  const buf = cudaBackend.alloc(dtype, n, 0);
  buffers.push(buf);
  const data = new dtype.ArrayType(Math.min(n, 1 << 22));
  for (let i = 0; i < data.length; i++) data[i] = hi ? Math.floor(Math.random() * hi) : Math.random() * 2 - 1;
  for (let o = 0; o < n; o += data.length) cudaBackend.write(buf, o + data.length <= n ? data : data.subarray(0, n - o), o);
  return { buffer: buf, shape, strides: stridesOf(shape), offset: 0 };
}

function freeAll(): void {
  for (const b of buffers.splice(0)) cudaBackend.free(b);
}

interface Row {
  id: string;
  ms: number;
  rate: number;
  unit: 'GFLOP/s' | 'GB/s';
}
const rows: Row[] = [];

/** Times `fn`; `work` is FLOPs (unit GFLOP/s) or bytes moved (GB/s). */
function bench(id: string, work: number, unit: Row['unit'], fn: () => void): void {
  if (filter && !filter.test(id)) return;
  for (let i = 0; i < 3; i++) fn();
  cuda.synchronize();
  let iters = 0;
  const start = performance.now();
  let now = start;
  while (now - start < 300 || iters < 5) {
    fn();
    iters++;
    if (iters % 5 === 0) {
      cuda.synchronize();
      now = performance.now();
    }
  }
  cuda.synchronize();
  const ms = (performance.now() - start) / iters;
  const rate = work / (ms * 1e-3) / 1e9;
  rows.push({ id, ms, rate, unit });
  console.log(`${id.padEnd(48)} ${ms.toFixed(4).padStart(10)} ms ${rate.toFixed(1).padStart(10)} ${unit}`);
}

function section(name: string, body: () => void): void {
  try {
    body();
  } catch (err) {
    console.log(`${name}: ${(err as Error).message}`);
  } finally {
    freeAll();
  }
}

if (!cuda.isAvailable()) {
  console.log(`CUDA unavailable: ${cuda.unavailableReason()}`);
  process.exit(0);
}
console.log(`${cuda.getDeviceName(0)}; matmul: ${cudaBackend.matmulInfo(0)}; conv: ${cudaBackend.convInfo()}`);

// float32 (full precision), float32 with TF32 tensor cores, float16 and bfloat16 (float32
// accumulation) on cuBLAS; then the builtin kernels.
for (const builtin of [false, true]) {
  section('matmul', () => {
    cudaBackend.setCublasEnabled(!builtin);
    const variants = [[float32, false], [float32, true], [float16, false], [bfloat16, false]] as const;
    for (const [dtype, tf32] of builtin ? variants.filter(([, t]) => !t) : variants) {
      cuda.setMathFlags({ matmulAllowTf32: tf32 });
      for (const n of builtin ? [1024, 2048, 4096] : [1024, 2048, 4096, 8192]) {
        const a = tensor(dtype, [n, n]), b = tensor(dtype, [n, n]), c = tensor(dtype, [n, n]);
        bench(`matmul ${dtype.name}${tf32 ? ' tf32' : ''} ${n}${builtin ? ' builtin' : ''}`, 2 * n ** 3, 'GFLOP/s', () => cudaBackend.matmul(a, b, c));
        freeAll();
      }
    }
    cuda.setMathFlags({ matmulAllowTf32: false });
    cudaBackend.setCublasEnabled(true);
  });
}

section('elementwise', () => {
  const n = 1 << 26;
  const a = tensor(float32, [n]), b = tensor(float32, [n]), c = tensor(float32, [n]);
  bench('add f32 64M', 12 * n, 'GB/s', () => cudaBackend.binary('add', a, b, c));
  bench('gelu f32 64M', 8 * n, 'GB/s', () => cudaBackend.unary('gelu', a, c));
  bench('fill f32 64M', 4 * n, 'GB/s', () => cudaBackend.fill(c, 1.5));
  const t = tensor(float32, [8192, 8192]);
  const tt: View = { ...t, shape: [8192, 8192], strides: [1, 8192] };
  const square: View = { ...c, shape: [8192, 8192], strides: [8192, 1] };
  bench('copy transposed f32 8192x8192', 8 * n, 'GB/s', () => cudaBackend.copy(tt, square));
  const h = tensor(float16, [n]);
  bench('copy f32->f16 64M', 6 * n, 'GB/s', () => cudaBackend.copy(a, h));
});

section('reduce', () => {
  const n = 1 << 26;
  const a = tensor(float32, [n]), s = tensor(float32, [1]);
  bench('sum f32 64M (all)', 4 * n, 'GB/s', () => cudaBackend.reduce('sum', a, [0], s));
  const rowsView: View = { ...a, shape: [65536, 1024], strides: [1024, 1] };
  const r = tensor(float32, [65536, 1]);
  bench('sum f32 [65536,1024] dim 1', 4 * n, 'GB/s', () => cudaBackend.reduce('sum', rowsView, [1], r));
  const colsView: View = { ...a, shape: [1024, 65536], strides: [65536, 1] };
  const c = tensor(float32, [1, 65536]);
  bench('sum f32 [1024,65536] dim 0', 4 * n, 'GB/s', () => cudaBackend.reduce('sum', colsView, [0], c));
  const am = tensor(int64, [65536, 1]);
  bench('argmax f32 [65536,1024] dim 1', 4 * n, 'GB/s', () => cudaBackend.reduce('argmax', rowsView, [1], am));
});

section('softmax', () => {
  for (const [rows, cols] of [[4096, 1000], [256, 32000]] as const) {
    const x = tensor(float32, [rows, cols]), y = tensor(float32, [rows, cols]);
    bench(`softmax f32 [${rows},${cols}]`, 8 * rows * cols, 'GB/s', () => cudaBackend.fused.softmax!(x, false, y));
    bench(`logSoftmax f32 [${rows},${cols}]`, 8 * rows * cols, 'GB/s', () => cudaBackend.fused.softmax!(x, true, y));
    freeAll();
  }
});

section('conv2d', () => {
  const cases: [string, number[], number[], Conv2dParams][] = [
    ['lenet1 b64', [64, 1, 28, 28], [6, 1, 5, 5], { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 }],
    ['lenet2 b64', [64, 6, 12, 12], [16, 6, 5, 5], { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 }],
    ['resnet 64x56 b32', [32, 64, 56, 56], [64, 64, 3, 3], { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }],
    ['resnet 256x14 b128', [128, 256, 14, 14], [256, 256, 3, 3], { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }],
  ];
  for (const [name, inShape, wShape, p] of cases) {
    const [N, , H, W] = inShape as [number, number, number, number];
    const [O, C, kH, kW] = wShape as [number, number, number, number];
    const oH = Math.floor((H + 2 * p.padding[0] - (kH - 1) - 1) / p.stride[0]) + 1;
    const oW = Math.floor((W + 2 * p.padding[1] - (kW - 1) - 1) / p.stride[1]) + 1;
    const x = tensor(float32, inShape), w = tensor(float32, wShape), b = tensor(float32, [O]);
    const y = tensor(float32, [N, O, oH, oW]), gx = tensor(float32, inShape), gw = tensor(float32, wShape);
    const flops = 2 * N * O * oH * oW * C * kH * kW;
    // cuDNN (when it loads), then the builtin implicit-GEMM kernels.
    for (const builtin of [false, true]) {
      const tag = builtin ? ' builtin' : '';
      cudaBackend.setCudnnEnabled(!builtin);
      bench(`conv2d ${name}${tag}`, flops, 'GFLOP/s', () => cudaBackend.fused.conv2d!(x, w, b, p, y));
      bench(`conv2dBackwardInput ${name}${tag}`, flops, 'GFLOP/s', () => cudaBackend.fused.conv2dBackwardInput!(y, w, p, gx));
      bench(`conv2dBackwardWeight ${name}${tag}`, flops, 'GFLOP/s', () => cudaBackend.fused.conv2dBackwardWeight!(y, x, p, gw));
    }
    cudaBackend.setCudnnEnabled(true);
    freeAll();
  }
});

section('pool, scan, sort, gather', () => {
  const x = tensor(float32, [128, 64, 112, 112]), y = tensor(float32, [128, 64, 56, 56]), i = tensor(int64, [128, 64, 56, 56]);
  bench('maxPool2d k3s2p1 [128,64,112,112]', 4 * (128 * 64 * 112 * 112) + 12 * (128 * 64 * 56 * 56), 'GB/s',
    () => cudaBackend.fused.maxPool2d!(x, [3, 3], [2, 2], [1, 1], [1, 1], y, i));
  freeAll();
  const c = tensor(float32, [1024, 8192]), co = tensor(float32, [1024, 8192]);
  bench('cumsum f32 [1024,8192] dim 1', 8 * 1024 * 8192, 'GB/s', () => cudaBackend.cumulative('sum', c, 1, co));
  const s = tensor(float32, [1024, 2048]), sv = tensor(float32, [1024, 2048]), si = tensor(int64, [1024, 2048]);
  bench('sort f32 [1024,2048] dim 1', 16 * 1024 * 2048, 'GB/s', () => cudaBackend.sort(s, 1, false, sv, si));
  const l = tensor(float32, [1, 1 << 20]), lv = tensor(float32, [1, 1 << 20]), li = tensor(int64, [1, 1 << 20]);
  bench('sort f32 [1,1M] dim 1', 16 * (1 << 20), 'GB/s', () => cudaBackend.sort(l, 1, false, lv, li));
  const table = tensor(float32, [50000, 512]), ids = tensor(int64, [16384], 50000), rowsOut = tensor(float32, [16384, 512]);
  bench('indexSelect [50000,512] 16384 rows', 8 * 16384 * 512, 'GB/s', () => cudaBackend.indexSelect(table, 0, ids, rowsOut));
});

const json = arg('--json');
if (json) writeFileSync(json, `${JSON.stringify({ device: cuda.getDeviceName(0), rows }, null, 1)}\n`);
