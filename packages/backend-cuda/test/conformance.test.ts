// The backend conformance suite on the CUDA backend: every primitive and fused kernel, every
// dtype, against the reference backend. Without a GPU it registers one skipped test that says why
// ("cuda is unavailable (no CUDA driver)"). A second run forces matmul onto the builtin GEMM
// kernels (cuBLAS is the default for floats), so that both paths are checked on the GPU.
import type { View } from '@torchts/core';
import { runBackendConformance } from '@torchts/backend-testkit';
import { CudaBackend, cudaBackend } from '../src/index.js';

runBackendConformance(cudaBackend);

/** The CUDA backend with float matmuls on the builtin kernels instead of cuBLAS. */
class BuiltinMatmulBackend extends CudaBackend {
  override matmul(a: View, b: View, out: View): void {
    this.setCublasEnabled(false);
    try {
      super.matmul(a, b, out);
    } finally {
      this.setCublasEnabled(true);
    }
  }
}

runBackendConformance(new BuiltinMatmulBackend(), { skip: [/^(?!matmul)/] });
