// Shared definitions of the torchts CUDA addon: dtypes, parsed views, errors.
// Included by host C++ (addon.cc) and by CUDA sources; no Node-API here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <cuda_runtime.h>

namespace tts {

// Dims a view may have when it reaches the addon, and dims a kernel handles after coalescing.
constexpr int kMaxViewDims = 64;
constexpr int kMaxDims = 8;

// Storage dtypes, in the order of `dtypeNames` (the JS side reads that list from the addon).
enum DType : int {
  kFloat32 = 0,
  kFloat64,
  kFloat16,
  kInt64,
  kInt32,
  kInt16,
  kInt8,
  kUInt8,
  kBool,
  kBFloat16,
  kNumDTypes
};

extern const char* const dtypeNames[kNumDTypes];

// Bytes per element.
__host__ __device__ inline int elementSize(int dt) {
  switch (dt) {
    case kFloat64: case kInt64: return 8;
    case kFloat32: case kInt32: return 4;
    case kFloat16: case kInt16: case kBFloat16: return 2;
    default: return 1;
  }
}

__host__ __device__ inline bool isFloatingDType(int dt) {
  return dt == kFloat32 || dt == kFloat64 || dt == kFloat16 || dt == kBFloat16;
}

// An error that becomes a JS RuntimeError with this message.
struct Error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "cudaErrorMemoryAllocation (out of memory)".
std::string cudaErrorText(cudaError_t e);

// Throws Error("CUDA error in <what>: <name> (<description>)") unless e is cudaSuccess.
// Clears the (non-sticky) last error first so that it does not leak into the next check.
void checkCuda(cudaError_t e, const char* what);

// Checks the launch of a kernel (configuration errors) right after `<<<...>>>`.
void checkLaunch(const char* what);

// A strided view of device memory, as the JS side describes it.
struct View {
  char* base = nullptr;   // the buffer's device address (not offset)
  int dtype = kFloat32;
  int ndim = 0;
  int64_t offset = 0;     // in elements
  int64_t shape[kMaxViewDims] = {};
  int64_t strides[kMaxViewDims] = {};

  int64_t numel() const {
    int64_t n = 1;
    for (int d = 0; d < ndim; ++d) n *= shape[d];
    return n;
  }
  int esize() const { return elementSize(dtype); }
  // Address of element (0, 0, ...).
  char* data() const { return base + offset * static_cast<int64_t>(esize()); }
  // Whether the elements are laid out row-major without gaps (size-1 dims ignored).
  bool contiguous() const {
    int64_t expected = 1;
    for (int d = ndim - 1; d >= 0; --d) {
      if (shape[d] == 1) continue;
      if (shape[d] == 0) return true;
      if (strides[d] != expected) return false;
      expected *= shape[d];
    }
    return true;
  }
};

// A contiguous view of `n` elements at `p`.
inline View flatView(void* p, int dtype, int64_t n) {
  View v;
  v.base = static_cast<char*>(p);
  v.dtype = dtype;
  v.ndim = 1;
  v.shape[0] = n;
  v.strides[0] = 1;
  return v;
}

// A contiguous view of `shape` at `p`.
View contiguousView(void* p, int dtype, int ndim, const int64_t* shape);

std::string shapeString(const View& v);

}  // namespace tts
