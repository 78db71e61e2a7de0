// cuBLAS, loaded at run time with dlopen (libcublas.so.13, then .12): the addon has no
// build-time dependency on it and falls back to its own GEMM kernel when it is absent.
// Only the few entry points matmul needs are declared here, with cuBLAS's ABI.
#pragma once

#include <string>

#include "device.h"

namespace tts {
namespace cublas {

using Handle = void*;
using Status = int;

enum : int { kOpN = 0, kOpT = 1 };
// cudaDataType_t and cublasComputeType_t values.
enum : int { kR32F = 0, kR64F = 1, kR16F = 2, kR16BF = 14 };
enum : int { kCompute32F = 68, kCompute32FFastTf32 = 77, kCompute64F = 70 };
enum : int { kGemmDefault = -1 };

struct Api {
  Status (*create)(Handle*);
  Status (*setStream)(Handle, cudaStream_t);
  Status (*sgemmStridedBatched)(Handle, int transa, int transb, int m, int n, int k, const float* alpha,
                                const float* A, int lda, long long strideA, const float* B, int ldb,
                                long long strideB, const float* beta, float* C, int ldc, long long strideC,
                                int batchCount);
  Status (*dgemmStridedBatched)(Handle, int transa, int transb, int m, int n, int k, const double* alpha,
                                const double* A, int lda, long long strideA, const double* B, int ldb,
                                long long strideB, const double* beta, double* C, int ldc, long long strideC,
                                int batchCount);
  Status (*gemmStridedBatchedEx)(Handle, int transa, int transb, int m, int n, int k, const void* alpha,
                                 const void* A, int Atype, int lda, long long strideA, const void* B, int Btype,
                                 int ldb, long long strideB, const void* beta, void* C, int Ctype, int ldc,
                                 long long strideC, int batchCount, int computeType, int algo);
  const char* (*getStatusString)(Status);
  Status (*getVersion)(Handle, int*);
};

// The loaded API, or nullptr when cuBLAS cannot be loaded (or TORCHTS_CUDA_MATMUL=builtin).
const Api* api();

// "cuBLAS <version> (<path>)", or "builtin GEMM kernels (<why cuBLAS is not used>)".
std::string describe(int dev);

// Whether matmul may use cuBLAS (tests switch to the builtin kernel and back).
void setEnabled(bool enabled);
bool enabled();

// Whether float32 matmuls may use TF32 tensor cores (torch.backends.cuda.matmul.allow_tf32; off
// by default, as in PyTorch: float32 is computed in full precision unless asked).
void setAllowTf32(bool allow);
bool allowTf32();

// The handle of a device (created on first use, bound to the device's stream).
Handle handle(DeviceContext& ctx);

// Throws Error("cuBLAS error in <what>: ...") unless s is success.
void check(Status s, const char* what);

}  // namespace cublas
}  // namespace tts
