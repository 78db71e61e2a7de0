/**
 * The backend conformance suite on the WebGPU backend, on whatever adapter `init()` finds (in CI
 * without a GPU: Mesa's OpenGL ES software rasteriser through Dawn). Without an adapter every
 * test is skipped with the reason.
 */
import { runBackendConformance } from '@torchts/backend-testkit';
import { webgpuBackend } from '../src/index.js';

// Debug mode: WGSL errors are printed and every kernel key is checked to name one shader.
process.env.TORCHTS_WEBGPU_DEBUG ??= '1';
await webgpuBackend.init();

runBackendConformance(webgpuBackend, {
  // int64 is stored as int32 on the GPU: these tests multiply random int64 values up to 1e5,
  // whose products do not fit (writes of such values raise an error instead; see host.test.ts).
  skip: ['unary > square > int64', 'binary > mul > int64', 'matmul > int64'],
});
