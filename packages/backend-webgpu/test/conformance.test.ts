/**
 * The backend conformance suite on the WebGPU backend, on whatever adapter `init()` finds (in CI
 * without a GPU: Mesa's OpenGL ES software rasteriser through Dawn). Without an adapter every
 * test is skipped with the reason.
 */
import { runBackendConformance } from '@torchts/backend-testkit';
import { webgpuBackend } from '../src/index.js';

await webgpuBackend.init();

runBackendConformance(webgpuBackend, {});
