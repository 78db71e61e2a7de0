/**
 * @torchts/backend-cpu: the CPU backend of torchts, TypedArray kernels for every primitive of the
 * backend contract plus fused conv2d (forward and backward), softmax and max-pool kernels.
 *
 * @example
 * import { cpuBackend, setCpuDeviceCount } from '@torchts/backend-cpu';
 * setCpuDeviceCount(2); // 'cpu:0' and 'cpu:1', for trying DataParallel on one machine
 * @packageDocumentation
 */
export { CpuBackend, cpuBackend, setCpuDeviceCount } from './cpu-backend.js';
export { CpuBuffer } from './buffer.js';
export { roundHalf } from './kernels/half.js';
export { roundBFloat16 } from './kernels/bfloat16.js';
export { sgemmAvailable, sgemmUsesRelaxedSimd, setSgemmEnabled } from './kernels/wasm-sgemm.js';
