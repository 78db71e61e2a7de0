/**
 * The end-to-end GPU test entry: backend-cuda's scripts/gpu-bundle.sh bundles this file (with
 * `vitest` aliased to the backend's vitest shim) into .gpu/gpu-e2e.mjs for the GPU machine:
 * training through autograd, nn and optim on 'cuda' against the CPU, the 10,000-step memory
 * loop, and the blitz classifier chapter on 'cuda' (Fashion-MNIST under ./data).
 *
 *   node .gpu/gpu-e2e.mjs [--filter <regexp>] [--json <file>]
 */
import './attach-cuda.js';
import { runGpuMain } from '../../../backend-cuda/test/gpu/vitest-shim.js';
import '../cuda-training.test.js';
import '../../../../apps/blitz/test/classifier-cuda.test.js';
import * as torch from '../../src/index.js';

await runGpuMain(
  () => (torch.cuda.isAvailable() ? `torchts on ${torch.cuda.getDeviceName(0)}` : `CUDA unavailable: ${torch.cuda.unavailableReason()}`),
  () => (torch.cuda.isAvailable() ? `memoryAllocated ${torch.cuda.memoryAllocated()} B, memoryReserved ${torch.cuda.memoryReserved()} B` : null),
);
