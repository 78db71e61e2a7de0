// The backend conformance suite on the CUDA backend: every primitive and fused kernel, every
// dtype, against the reference backend. Without a GPU it registers one skipped test that says why
// ("cuda is unavailable (no CUDA driver)"). A second run forces matmul and conv2d onto the builtin
// kernels (cuBLAS and cuDNN are the defaults when they load), so that both paths are checked on the GPU.
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

/** The CUDA backend with conv2d and its gradients on the builtin implicit-GEMM kernels instead of cuDNN. */
class BuiltinConvBackend extends CudaBackend {
  constructor() {
    super();
    for (const name of ['conv2d', 'conv2dBackwardInput', 'conv2dBackwardWeight'] as const) {
      const kernel = this.fused[name] as (...args: unknown[]) => void;
      (this.fused as Record<string, unknown>)[name] = (...args: unknown[]) => {
        this.setCudnnEnabled(false);
        try {
          kernel(...args);
        } finally {
          this.setCudnnEnabled(true);
        }
      };
    }
  }
}

runBackendConformance(new BuiltinConvBackend(), { skip: [/^(?!conv2d)/] });
