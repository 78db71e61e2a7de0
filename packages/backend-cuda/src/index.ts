/**
 * @torchts/backend-cuda: the CUDA backend of torchts, a Node-API addon (node-addon-api, cmake-js,
 * nvcc) with CUDA kernels for every primitive of the backend contract, fused conv2d (forward and
 * both backwards as implicit GEMMs), max pooling and softmax, a caching allocator and cuBLAS
 * loaded at run time. On machines without a GPU, driver or nvcc it loads and reports why it is
 * unavailable instead of failing.
 *
 * @example
 * import { registerBackend } from '@torchts/core';
 * import { cuda, cudaBackend } from '@torchts/backend-cuda';
 * registerBackend(cudaBackend);
 * const device = cuda.isAvailable() ? 'cuda' : 'cpu';
 *
 * @packageDocumentation
 */
export { CudaBackend, cudaBackend } from './cuda-backend.js';
export { CudaBuffer } from './buffer.js';
export { cuda, type CudaInfo, type CudaMathFlags } from './cuda-info.js';
