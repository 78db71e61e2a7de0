#!/usr/bin/env node
// Measures the CPU backend's float32 matmul (and a few hot elementwise kernels) and prints the
// numbers; it asserts nothing. Needs the built packages: `pnpm build`, then
//   node packages/backend-cpu/bench/matmul.mjs [size ...]
import { float32 } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (sizes.length === 0) sizes.push(128, 256, 512);

function rand(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

function view(data, shape) {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
  return { buffer: cpuBackend.wrap(float32, data, 0), shape, strides, offset: 0 };
}

/** Best time in ms over `reps` runs after `warm` warm-up runs. */
function time(fn, reps, warm = 2) {
  for (let i = 0; i < warm; i++) fn();
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

console.log(`node ${process.version}, one thread`);
for (const n of sizes) {
  const a = view(rand(n * n), [n, n]);
  const b = view(rand(n * n), [n, n]);
  const out = view(new Float32Array(n * n), [n, n]);
  const ms = time(() => cpuBackend.matmul(a, b, out), n >= 512 ? 5 : 10);
  console.log(`matmul ${n}x${n} float32: ${ms.toFixed(1)} ms, ${((2 * n ** 3) / ms / 1e6).toFixed(2)} GFLOP/s`);
}

const N = 1 << 20;
const x = view(rand(N), [N]);
const y = view(rand(N), [N]);
const z = view(new Float32Array(N), [N]);
const rows = view(rand(N), [1024, 1024]);
const sums = view(new Float32Array(1024), [1024, 1]);
const report = (name, ms) => console.log(`${name}: ${ms.toFixed(2)} ms, ${(N / ms / 1e3).toFixed(0)} Melem/s`);
report('add 1M float32', time(() => cpuBackend.binary('add', x, y, z), 20));
report('mul 1M float32', time(() => cpuBackend.binary('mul', x, y, z), 20));
report('relu 1M float32', time(() => cpuBackend.unary('relu', x, z), 20));
report('exp 1M float32', time(() => cpuBackend.unary('exp', x, z), 20));
report('sum 1024x1024 float32 over the last dim', time(() => cpuBackend.reduce('sum', rows, [1], sums), 20));
