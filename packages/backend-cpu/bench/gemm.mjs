#!/usr/bin/env node
// Compares the CPU backend's float32 matmul on the WebAssembly SIMD GEMM with its JavaScript
// fallback (float64-accumulating blocked GEMM), in the same run and interleaved, since the
// machine is shared and noisy: the ratio is the number to read. Asserts nothing. Needs the built
// packages (`pnpm exec turbo run build --filter=@torchts/backend-cpu...`):
//   node packages/backend-cpu/bench/gemm.mjs [MxKxN | n ...]
// On Node 20, `node --experimental-wasm-relaxed-simd ...` measures the FMA variant.
import { float32 } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
// Not part of the public API: the switch between the WebAssembly GEMM and the JS fallback.
import { setSgemmEnabled, sgemmAvailable, sgemmUsesRelaxedSimd } from '../dist/kernels/wasm-sgemm.js';

const args = process.argv.slice(2);
const shapes = (args.length ? args : ['64', '128', '256', '512', '1024', '1x1024x1024', '64x784x500', '2x3x4']).map(
  (s) => {
    const d = s.split('x').map(Number);
    return d.length === 1 ? [d[0], d[0], d[0]] : d;
  });

function rand(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

function view(data, shape) {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
  return { buffer: cpuBackend.wrap(float32, data, 0), shape, strides, offset: 0 };
}

/** How many calls make a batch of at least ~30 ms. */
function batchSize(fn) {
  fn();
  const t = performance.now();
  fn();
  return Math.max(1, Math.ceil(30 / Math.max(performance.now() - t, 0.001)));
}

/** ms per call of one batch of `reps` calls. */
function batch(fn, reps) {
  const t = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t) / reps;
}

console.log(`node ${process.version}, one thread, WebAssembly SIMD GEMM available: ${sgemmAvailable()}` +
  `${sgemmUsesRelaxedSimd() ? ' (relaxed SIMD multiply-add)' : ''}`);
for (const [M, K, N] of shapes) {
  const a = view(rand(M * K), [M, K]), b = view(rand(K * N), [K, N]), out = view(new Float32Array(M * N), [M, N]);
  const ms = {}, reps = {};
  const run = () => cpuBackend.matmul(a, b, out);
  for (const path of ['wasm', 'js']) {
    setSgemmEnabled(path === 'wasm');
    reps[path] = batchSize(run);
  }
  // Best of five batches per path, interleaved so that both see the same load.
  for (let round = 0; round < 5; round++) {
    for (const path of ['wasm', 'js']) {
      setSgemmEnabled(path === 'wasm');
      ms[path] = Math.min(ms[path] ?? Infinity, batch(run, reps[path]));
    }
  }
  setSgemmEnabled(true);
  const gf = (t) => ((2 * M * N * K) / t / 1e6).toFixed(2);
  console.log(`${M}x${K} @ ${K}x${N}: wasm ${ms.wasm.toFixed(3)} ms (${gf(ms.wasm)} GFLOP/s), ` +
    `js ${ms.js.toFixed(3)} ms (${gf(ms.js)} GFLOP/s), ${(ms.js / ms.wasm).toFixed(1)}x`);
}
