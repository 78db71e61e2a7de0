// Per-device state: the one stream every kernel of a device is enqueued on, the device's
// properties, and the flag kernels raise for errors that depend on data (an index out of
// bounds, an integer division by zero). Such errors surface at the next synchronisation
// (a read, `synchronize`), as CUDA's asynchronous errors do.
#pragma once

#include <string>

#include "common.h"

namespace tts {

// Codes a kernel may raise through DeviceErrorFlag.
enum DeviceErrorCode : int {
  kNoDeviceError = 0,
  kIndexOutOfBounds = 1,   // gather/scatter: "index {value} is out of bounds for dimension {dim} with size {size}"
  kIndexOutOfRange = 2,    // indexSelect: "index out of range in self"
  kZeroDivision = 3,       // integer division or remainder by zero
};

// Lives in device memory: kernels raise it with atomics, the host copies it (in stream order)
// into a pinned mirror when it synchronises.
struct DeviceErrorFlag {
  int code;
  int site;  // a DeviceErrorSite: which kernel raised it
  int dim;
  int pad;
  long long value;
  long long size;
};

// Kernels that raise errors, for the message.
enum DeviceErrorSite : int { kSiteUnknown = 0, kSiteGather, kSiteScatter, kSiteScatterAdd, kSiteIndexSelect, kSiteBinary };

#ifdef __CUDACC__
// Raises an error from a kernel; the first one wins.
__device__ inline void raiseDeviceError(DeviceErrorFlag* f, int code, int site, long long value, int dim,
                                        long long size) {
  if (atomicCAS(&f->code, 0, code) == 0) {
    f->site = site;
    f->value = value;
    f->dim = dim;
    f->size = size;
    __threadfence();
  }
}
#endif

struct DeviceContext {
  int index = 0;
  cudaStream_t stream = nullptr;
  int smCount = 1;
  int maxThreadsPerSM = 2048;
  size_t sharedPerBlockOptin = 48 * 1024;
  DeviceErrorFlag* dflag = nullptr;  // device memory, raised by kernels
  DeviceErrorFlag* flag = nullptr;   // pinned host mirror, filled at each synchronisation
  std::string lastOp;               // the last op enqueued, named in asynchronous errors

  // Grid size for a grid-stride loop over n items with `threads` per block.
  unsigned gridFor(int64_t n, int threads, int blocksPerSM = 32) const {
    int64_t blocks = (n + threads - 1) / threads;
    int64_t cap = static_cast<int64_t>(smCount) * blocksPerSM;
    if (blocks > cap) blocks = cap;
    if (blocks < 1) blocks = 1;
    return static_cast<unsigned>(blocks);
  }
};

// Number of devices, or throws Error if CUDA cannot be initialised.
int deviceCount();

// The context of device `index`, created on first use; makes it the current device.
DeviceContext& device(int index);

// Called after enqueueing op `name` on `ctx`: records it and, when CUDA_LAUNCH_BLOCKING=1,
// synchronises at once so that errors name the op that caused them.
void afterOp(DeviceContext& ctx, const char* name);

// Waits for every op enqueued on the device, then throws if a kernel raised an error
// or CUDA reports one.
void synchronizeDevice(DeviceContext& ctx, const char* what);

// With TORCHTS_CUDA_PROFILE=1: GPU time per op name since the last report, as a table.
std::string profileReport(int dev);

}  // namespace tts
