#!/usr/bin/env node
// Times the CPU backend's fused float32 conv2d forward + both backward kernels at LeNet's shapes
// (batch 64: conv 1->6 k5 on 32x32, conv 6->16 k5 on 14x14), with the WebAssembly GEMM and with
// the JavaScript fallback in the same run (the machine is noisy: compare the ratio). Asserts
// nothing. Needs the built packages (`pnpm exec turbo run build --filter=@torchts/backend-cpu...`):
//   node packages/backend-cpu/bench/conv2d.mjs [batch]
import { float32 } from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
// Not part of the public API: the switch between the WebAssembly GEMM and the JS fallback.
import { setSgemmEnabled, sgemmAvailable, sgemmUsesRelaxedSimd } from '../dist/kernels/wasm-sgemm.js';

const batch = Number(process.argv[2] ?? 64);

function rand(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

function view(data, shape) {
  const strides = shape.map((_, d) => shape.slice(d + 1).reduce((x, y) => x * y, 1));
  return { buffer: cpuBackend.wrap(float32, data, 0), shape, strides, offset: 0 };
}

const numel = (shape) => shape.reduce((x, y) => x * y, 1);

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

const p = { stride: [1, 1], padding: [0, 0], dilation: [1, 1], groups: 1 };
const layers = [
  { name: 'conv1 1->6 k5 32x32', x: [batch, 1, 32, 32], w: [6, 1, 5, 5], y: [batch, 6, 28, 28] },
  { name: 'conv2 6->16 k5 14x14', x: [batch, 6, 14, 14], w: [16, 6, 5, 5], y: [batch, 16, 10, 10] },
];
const f = cpuBackend.fused;
console.log(`node ${process.version}, one thread, batch ${batch}, WebAssembly SIMD GEMM available: ` +
  `${sgemmAvailable()}${sgemmUsesRelaxedSimd() ? ' (relaxed SIMD multiply-add)' : ''}`);
const totals = { wasm: 0, js: 0 };
for (const l of layers) {
  const x = view(rand(numel(l.x)), l.x), w = view(rand(numel(l.w)), l.w), b = view(rand(l.w[0]), [l.w[0]]);
  const y = view(new Float32Array(numel(l.y)), l.y), gy = view(rand(numel(l.y)), l.y);
  const gx = view(new Float32Array(numel(l.x)), l.x), gw = view(new Float32Array(numel(l.w)), l.w);
  const kernels = {
    forward: () => f.conv2d(x, w, b, p, y),
    'grad input': () => f.conv2dBackwardInput(gy, w, p, gx),
    'grad weight': () => f.conv2dBackwardWeight(gy, x, p, gw),
  };
  for (const [k, fn] of Object.entries(kernels)) {
    const ms = {};
    // Interleave the two paths so that both see the same load.
    for (let round = 0; round < 3; round++) {
      for (const path of ['wasm', 'js']) {
        setSgemmEnabled(path === 'wasm');
        const t = time(fn, 5, round === 0 ? 2 : 0);
        ms[path] = Math.min(ms[path] ?? Infinity, t);
      }
    }
    setSgemmEnabled(true);
    totals.wasm += ms.wasm;
    totals.js += ms.js;
    console.log(`${l.name} ${k}: wasm ${ms.wasm.toFixed(2)} ms, js ${ms.js.toFixed(2)} ms, ${(ms.js / ms.wasm).toFixed(1)}x`);
  }
}
console.log(`total forward+backward: wasm ${totals.wasm.toFixed(2)} ms, js ${totals.js.toFixed(2)} ms, ` +
  `${(totals.js / totals.wasm).toFixed(1)}x`);
