// Per-device contexts (stream, properties, error flag) and CUDA error checking.
#include "device.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
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

namespace {

// TORCHTS_CUDA_PROFILE=1: an event is recorded after every op; at each synchronisation the time
// between consecutive events is charged to the later op (the GPU runs them back to back when
// the host is ahead, which is when the numbers matter). profileReport() sums them by op name.
struct OpProfile {
  std::vector<std::pair<const char*, cudaEvent_t>> pending;
  std::vector<cudaEvent_t> spare;
  std::map<std::string, std::pair<long long, double>> totals;  // name -> (count, ms)
};
int profiling = -1;
std::vector<OpProfile> profiles;

bool profilingEnabled() {
  if (profiling < 0) {
    const char* v = std::getenv("TORCHTS_CUDA_PROFILE");
    profiling = v && std::strcmp(v, "1") == 0 ? 1 : 0;
  }
  return profiling == 1;
}

OpProfile& profileOf(const DeviceContext& ctx) {
  if (profiles.size() <= static_cast<size_t>(ctx.index)) profiles.resize(ctx.index + 1);
  return profiles[ctx.index];
}

void recordOpEvent(DeviceContext& ctx, const char* name) {
  OpProfile& p = profileOf(ctx);
  cudaEvent_t ev = nullptr;
  if (!p.spare.empty()) {
    ev = p.spare.back();
    p.spare.pop_back();
  } else if (cudaEventCreate(&ev) != cudaSuccess) {
    cudaGetLastError();
    return;
  }
  cudaEventRecord(ev, ctx.stream);
  p.pending.emplace_back(name, ev);
}

// After the stream has drained: charges each op the time since the previous event.
void collectOpEvents(DeviceContext& ctx) {
  OpProfile& p = profileOf(ctx);
  for (size_t i = 0; i < p.pending.size(); i++) {
    auto& entry = p.totals[p.pending[i].first];
    entry.first++;
    float ms = 0;
    if (i > 0 && cudaEventElapsedTime(&ms, p.pending[i - 1].second, p.pending[i].second) == cudaSuccess) entry.second += ms;
  }
  for (auto& e : p.pending) p.spare.push_back(e.second);
  p.pending.clear();
}

}  // namespace

void afterOp(DeviceContext& ctx, const char* name) {
  ctx.lastOp = name;
  if (profilingEnabled()) recordOpEvent(ctx, name);
  if (launchBlockingEnabled()) synchronizeDevice(ctx, name);
}

std::string profileReport(int dev) {
  if (!profilingEnabled()) return "set TORCHTS_CUDA_PROFILE=1 to profile";
  DeviceContext& ctx = device(dev);
  synchronizeDevice(ctx, "profileReport");
  OpProfile& p = profileOf(ctx);
  std::vector<std::pair<std::string, std::pair<long long, double>>> rows(p.totals.begin(), p.totals.end());
  std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second.second > b.second.second; });
  double total = 0;
  for (const auto& r : rows) total += r.second.second;
  std::string out = "op                          calls      GPU ms   share\n";
  for (const auto& r : rows) {
    char line[160];
    std::snprintf(line, sizeof line, "%-26s %7lld %11.3f %6.1f%%\n", r.first.c_str(), r.second.first, r.second.second,
                  total > 0 ? 100.0 * r.second.second / total : 0.0);
    out += line;
  }
  p.totals.clear();
  return out;
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
  if (profilingEnabled()) collectOpEvents(ctx);
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
