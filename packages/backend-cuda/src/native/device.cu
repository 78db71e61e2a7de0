// Per-device contexts (stream, properties, error flag) and CUDA error checking.
#include "device.h"

#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

namespace tts {

const char* const dtypeNames[kNumDTypes] = {
    "float32", "float64", "float16", "int64", "int32", "int16", "int8", "uint8", "bool", "bfloat16"};

std::string cudaErrorText(cudaError_t e) {
  return std::string(cudaGetErrorName(e)) + " (" + cudaGetErrorString(e) + ")";
}

void checkCuda(cudaError_t e, const char* what) {
  if (e == cudaSuccess) return;
  cudaGetLastError();  // clear a non-sticky error so that it is reported once
  throw Error(std::string("CUDA error in ") + what + ": " + cudaErrorText(e));
}

void checkLaunch(const char* what) {
  cudaError_t e = cudaGetLastError();
  if (e != cudaSuccess) throw Error(std::string("CUDA error launching ") + what + ": " + cudaErrorText(e));
}

View contiguousView(void* p, int dtype, int ndim, const int64_t* shape) {
  View v;
  v.base = static_cast<char*>(p);
  v.dtype = dtype;
  v.ndim = ndim;
  int64_t acc = 1;
  for (int d = ndim - 1; d >= 0; --d) {
    v.shape[d] = shape[d];
    v.strides[d] = acc;
    acc *= shape[d] > 0 ? shape[d] : 1;
  }
  return v;
}

std::string shapeString(const View& v) {
  std::string s = "[";
  for (int d = 0; d < v.ndim; ++d) {
    if (d) s += ", ";
    s += std::to_string(v.shape[d]);
  }
  return s + "]";
}

namespace {

std::vector<std::unique_ptr<DeviceContext>> contexts;
int currentDevice = -1;
int launchBlocking = -1;

bool launchBlockingEnabled() {
  if (launchBlocking < 0) {
    const char* v = std::getenv("CUDA_LAUNCH_BLOCKING");
    launchBlocking = v && std::strcmp(v, "1") == 0 ? 1 : 0;
  }
  return launchBlocking == 1;
}

const char* siteName(int site) {
  switch (site) {
    case kSiteGather: return "gather";
    case kSiteScatter: return "scatter";
    case kSiteScatterAdd: return "scatterAdd";
    case kSiteIndexSelect: return "indexSelect";
    case kSiteBinary: return "binary";
    default: return "a kernel";
  }
}

}  // namespace

int deviceCount() {
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) {
    cudaGetLastError();
    throw Error("cudaGetDeviceCount failed: " + cudaErrorText(e));
  }
  return n;
}

DeviceContext& device(int index) {
  if (contexts.empty()) {
    int n = deviceCount();
    contexts.resize(n > 0 ? n : 0);
  }
  if (index < 0 || index >= static_cast<int>(contexts.size())) {
    throw Error("cuda:" + std::to_string(index) + " does not exist: " + std::to_string(contexts.size()) +
                " CUDA device(s) available");
  }
  if (currentDevice != index) {
    checkCuda(cudaSetDevice(index), "cudaSetDevice");
    currentDevice = index;
  }
  std::unique_ptr<DeviceContext>& slot = contexts[index];
  if (!slot) {
    auto ctx = std::make_unique<DeviceContext>();
    ctx->index = index;
    checkCuda(cudaStreamCreateWithFlags(&ctx->stream, cudaStreamNonBlocking), "cudaStreamCreateWithFlags");
    int v = 0;
    checkCuda(cudaDeviceGetAttribute(&v, cudaDevAttrMultiProcessorCount, index), "cudaDeviceGetAttribute");
    ctx->smCount = v > 0 ? v : 1;
    checkCuda(cudaDeviceGetAttribute(&v, cudaDevAttrMaxThreadsPerMultiProcessor, index), "cudaDeviceGetAttribute");
    ctx->maxThreadsPerSM = v > 0 ? v : 2048;
    checkCuda(cudaDeviceGetAttribute(&v, cudaDevAttrMaxSharedMemoryPerBlockOptin, index), "cudaDeviceGetAttribute");
    ctx->sharedPerBlockOptin = v > 0 ? static_cast<size_t>(v) : 48 * 1024;
    void* host = nullptr;
    checkCuda(cudaHostAlloc(&host, sizeof(DeviceErrorFlag), cudaHostAllocDefault), "cudaHostAlloc");
    std::memset(host, 0, sizeof(DeviceErrorFlag));
    ctx->flag = static_cast<DeviceErrorFlag*>(host);
    void* dev = nullptr;
    checkCuda(cudaMalloc(&dev, sizeof(DeviceErrorFlag)), "cudaMalloc (error flag)");
    checkCuda(cudaMemsetAsync(dev, 0, sizeof(DeviceErrorFlag), ctx->stream), "cudaMemsetAsync (error flag)");
    ctx->dflag = static_cast<DeviceErrorFlag*>(dev);
    slot = std::move(ctx);
  }
  return *slot;
}

void afterOp(DeviceContext& ctx, const char* name) {
  ctx.lastOp = name;
  if (launchBlockingEnabled()) synchronizeDevice(ctx, name);
}

void synchronizeDevice(DeviceContext& ctx, const char* what) {
  // The flag's copy is enqueued after every op, so it sees what they raised.
  cudaError_t e = cudaMemcpyAsync(ctx.flag, ctx.dflag, sizeof(DeviceErrorFlag), cudaMemcpyDeviceToHost, ctx.stream);
  if (e == cudaSuccess) e = cudaStreamSynchronize(ctx.stream);
  if (e != cudaSuccess) {
    cudaGetLastError();
    std::string after = ctx.lastOp.empty() ? "" : " (the last op enqueued was " + ctx.lastOp + ")";
    throw Error(std::string("CUDA error in ") + what + " on cuda:" + std::to_string(ctx.index) + ": " +
                cudaErrorText(e) + after);
  }
  volatile DeviceErrorFlag* f = ctx.flag;
  if (f->code == kNoDeviceError) return;
  DeviceErrorFlag copy;
  copy.code = f->code;
  copy.site = f->site;
  copy.dim = f->dim;
  copy.value = f->value;
  copy.size = f->size;
  f->code = kNoDeviceError;
  checkCuda(cudaMemsetAsync(ctx.dflag, 0, sizeof(DeviceErrorFlag), ctx.stream), "synchronize (reset error flag)");
  checkCuda(cudaStreamSynchronize(ctx.stream), "synchronize (reset error flag)");
  std::string msg;
  switch (copy.code) {
    case kIndexOutOfBounds:
      msg = "index " + std::to_string(copy.value) + " is out of bounds for dimension " + std::to_string(copy.dim) +
            " with size " + std::to_string(copy.size);
      break;
    case kIndexOutOfRange:
      msg = "index out of range in self";
      break;
    case kZeroDivision:
      msg = "ZeroDivisionError";
      break;
    default:
      msg = "unknown device error " + std::to_string(copy.code);
  }
  throw Error(msg + " (raised asynchronously by " + siteName(copy.site) + " on cuda:" + std::to_string(ctx.index) +
              "; set CUDA_LAUNCH_BLOCKING=1 to raise it at the op)");
}

}  // namespace tts
