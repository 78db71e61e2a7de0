/**
 * The GPU test entry: scripts/gpu-bundle.sh bundles this file (with `vitest` aliased to
 * ./vitest-shim.ts) into .gpu/gpu-tests.mjs, which a plain Node runs on the GPU machine:
 *
 *   node .gpu/gpu-tests.mjs [--filter <regexp>] [--json <file>]
 *
 * It runs this package's test files — the full conformance suite, the parity tests against the
 * CPU backend, the allocator/OOM/10,000-step tests and the availability tests — prints every
 * failure, the per-file times and the line `N passed, N failed, N skipped`, and exits 1 on a failure.
 */
import { writeFileSync } from 'node:fs';
import { runCollected, type TestResult } from './vitest-shim.js';
import '../native-addon.test.js';
import '../views.test.js';
import '../cuda-backend.test.js';
import '../cuda-info.test.js';
import '../memory.test.js';
import '../parity.test.js';
import '../conformance.test.js';
import { cuda, cudaBackend } from '../../src/index.js';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const filterText = arg('--filter');
const jsonPath = arg('--json');
const reason = cuda.unavailableReason();
console.log(reason === null
  ? `CUDA: ${cuda.deviceCount()} device(s), cuda:0 = ${cuda.getDeviceName(0)}; matmul: ${cudaBackend.matmulInfo(0)}`
  : `CUDA unavailable: ${reason}`);

const start = performance.now();
const results: TestResult[] = await runCollected(filterText ? new RegExp(filterText) : undefined);
const seconds = ((performance.now() - start) / 1000).toFixed(1);

// Time per top-level block, to see where the device time goes.
const blocks = new Map<string, number>();
for (const r of results) {
  const top = r.name.split(' > ')[0]!;
  blocks.set(top, (blocks.get(top) ?? 0) + r.ms);
}
for (const [name, ms] of blocks) console.log(`  ${(ms / 1000).toFixed(2)} s  ${name}`);
const slowest = [...results].sort((a, b) => b.ms - a.ms).slice(0, 5);
for (const r of slowest) console.log(`  slowest: ${(r.ms / 1000).toFixed(2)} s  ${r.name}`);

const passed = results.filter((r) => r.status === 'passed').length;
const failed = results.filter((r) => r.status === 'failed').length;
const skipped = results.filter((r) => r.status === 'skipped').length;
if (jsonPath) writeFileSync(jsonPath, `${JSON.stringify({ reason, seconds, passed, failed, skipped, results }, null, 1)}\n`);
if (reason === null) console.log(`memoryAllocated ${cuda.memoryAllocated()} B, memoryReserved ${cuda.memoryReserved()} B`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped (${seconds} s)`);
process.exit(failed > 0 ? 1 : 0);
