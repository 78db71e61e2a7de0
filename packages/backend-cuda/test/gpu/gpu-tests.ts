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
import { runGpuMain } from './vitest-shim.js';
import '../native-addon.test.js';
import '../views.test.js';
import '../cuda-backend.test.js';
import '../cuda-info.test.js';
import '../memory.test.js';
import '../parity.test.js';
import '../conformance.test.js';
import '../kernels/random.test.js';
import '../kernels/optimizer.test.js';
import { cuda, cudaBackend } from '../../src/index.js';

await runGpuMain(
  () => {
    const reason = cuda.unavailableReason();
    return reason === null
      ? `CUDA: ${cuda.deviceCount()} device(s), cuda:0 = ${cuda.getDeviceName(0)}; matmul: ${cudaBackend.matmulInfo(0)}; conv: ${cudaBackend.convInfo()}`
      : `CUDA unavailable: ${reason}`;
  },
  () => (cuda.isAvailable() ? `memoryAllocated ${cuda.memoryAllocated()} B, memoryReserved ${cuda.memoryReserved()} B` : null),
);
