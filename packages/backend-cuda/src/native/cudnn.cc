// Run-time loading of cuDNN and the convolutions through it (see cudnn.h).
#include "cudnn.h"

#include <cstdlib>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "allocator.h"
#include "kernels.h"
#include "runtime-library.h"

namespace tts {
namespace cudnn {

namespace {

using Handle = void*;
using Desc = void*;
using Status = int;

// cudnnDataType_t, cudnnTensorFormat_t, cudnnConvolutionMode_t, cudnnMathType_t values.
enum : int { kDataFloat = 0, kDataDouble = 1, kDataHalf = 2, kDataBFloat16 = 9 };
enum : int { kNCHW = 0 };
enum : int { kCrossCorrelation = 1 };
enum : int { kDefaultMath = 0, kTensorOpMath = 1, kFmaMath = 3 };

// cudnnConvolution{Fwd,BwdData,BwdFilter}AlgoPerf_t share this layout.
struct AlgoPerf {
  int algo;
  Status status;
  float time;
  size_t memory;
  int determinism;
  int mathType;
  int reserved[3];
};

using GetAlgo = Status (*)(Handle, Desc, Desc, Desc, Desc, int, int*, AlgoPerf*);
using GetWorkspace = Status (*)(Handle, Desc, Desc, Desc, Desc, int, size_t*);
using Run = Status (*)(Handle, const void*, Desc, const void*, Desc, const void*, Desc, int, void*, size_t,
                       const void*, Desc, void*);

struct Api {
  Status (*create)(Handle*);
  Status (*setStream)(Handle, cudaStream_t);
  size_t (*getVersion)();
  const char* (*getErrorString)(Status);
  Status (*createTensor)(Desc*);
  Status (*setTensor4d)(Desc, int format, int dataType, int n, int c, int h, int w);
  Status (*createFilter)(Desc*);
  Status (*setFilter4d)(Desc, int dataType, int format, int k, int c, int h, int w);
  Status (*createConv)(Desc*);
  Status (*setConv2d)(Desc, int padH, int padW, int u, int v, int dilH, int dilW, int mode, int computeType);
  Status (*setGroupCount)(Desc, int);
  Status (*setMathType)(Desc, int);
  Status (*addTensor)(Handle, const void* alpha, Desc aDesc, const void* a, const void* beta, Desc cDesc, void* c);
  // Forward (x, w -> y), backward data (w, dy -> dx), backward filter (x, dy -> dw): the
  // descriptor order of each follows cuDNN's signatures.
  GetAlgo fwdAlgo, dataAlgo, filterAlgo;
  // cudnnFind*: the same signatures, but each algorithm is run and timed (benchmark mode).
  GetAlgo fwdFind, dataFind, filterFind;
  GetWorkspace fwdWorkspace, dataWorkspace, filterWorkspace;
  Run fwd, data, filter;
};

bool attempted = false;
bool userEnabled = true;
bool allowTf32 = false;
bool benchmark = false;
Api table{};
const Api* loaded = nullptr;
std::string loadedFrom;
std::string failure;
std::vector<Handle> handles;

void load() {
  attempted = true;
  const char* mode = std::getenv("TORCHTS_CUDA_CONV");
  if (mode && std::strcmp(mode, "builtin") == 0) {
    failure = "TORCHTS_CUDA_CONV=builtin";
    return;
  }
  std::string errors;
  const std::string path = openFirstLibrary(
      libraryCandidates("TORCHTS_CUDNN", {"libcudnn.so.9", "libcudnn.so.8", "libcudnn.so"}),
      [](void* lib) {
        Api t{};
        bool missing = false;
        auto get = [&](auto& fn, const char* name) {
          fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(librarySymbol(lib, name));
          if (!fn) missing = true;
        };
        get(t.create, "cudnnCreate");
        get(t.setStream, "cudnnSetStream");
        get(t.getVersion, "cudnnGetVersion");
        get(t.getErrorString, "cudnnGetErrorString");
        get(t.createTensor, "cudnnCreateTensorDescriptor");
        get(t.setTensor4d, "cudnnSetTensor4dDescriptor");
        get(t.createFilter, "cudnnCreateFilterDescriptor");
        get(t.setFilter4d, "cudnnSetFilter4dDescriptor");
        get(t.createConv, "cudnnCreateConvolutionDescriptor");
        get(t.setConv2d, "cudnnSetConvolution2dDescriptor");
        get(t.setGroupCount, "cudnnSetConvolutionGroupCount");
        get(t.setMathType, "cudnnSetConvolutionMathType");
        get(t.addTensor, "cudnnAddTensor");
        get(t.fwdAlgo, "cudnnGetConvolutionForwardAlgorithm_v7");
        get(t.dataAlgo, "cudnnGetConvolutionBackwardDataAlgorithm_v7");
        get(t.filterAlgo, "cudnnGetConvolutionBackwardFilterAlgorithm_v7");
        get(t.fwdFind, "cudnnFindConvolutionForwardAlgorithm");
        get(t.dataFind, "cudnnFindConvolutionBackwardDataAlgorithm");
        get(t.filterFind, "cudnnFindConvolutionBackwardFilterAlgorithm");
        get(t.fwdWorkspace, "cudnnGetConvolutionForwardWorkspaceSize");
        get(t.dataWorkspace, "cudnnGetConvolutionBackwardDataWorkspaceSize");
        get(t.filterWorkspace, "cudnnGetConvolutionBackwardFilterWorkspaceSize");
        get(t.fwd, "cudnnConvolutionForward");
        get(t.data, "cudnnConvolutionBackwardData");
        get(t.filter, "cudnnConvolutionBackwardFilter");
        if (missing) return false;
        table = t;
        return true;
      },
      errors);
  if (!path.empty()) {
    loaded = &table;
    loadedFrom = path;
    return;
  }
  failure = "cuDNN not found: " + errors;
}

const Api* api() {
  if (!attempted) load();
  return userEnabled ? loaded : nullptr;
}

std::string statusText(Status s) {
  return loaded && loaded->getErrorString ? loaded->getErrorString(s) : "status " + std::to_string(s);
}

Handle handle(DeviceContext& ctx, const Api* a) {
  if (handles.size() <= static_cast<size_t>(ctx.index)) handles.resize(ctx.index + 1, nullptr);
  Handle& h = handles[ctx.index];
  if (!h) {
    Status s = a->create(&h);
    if (s != 0) throw Error("cuDNN error in cudnnCreate: " + statusText(s));
    s = a->setStream(h, ctx.stream);
    if (s != 0) throw Error("cuDNN error in cudnnSetStream: " + statusText(s));
  }
  return h;
}

// Descriptors and the chosen algorithm of one configuration, kept for the next call with the same
// shapes (a training loop repeats them every step). `usable` is false when cuDNN refused it.
struct Plan {
  bool usable = false;
  Desc x = nullptr, w = nullptr, y = nullptr, bias = nullptr, conv = nullptr;
  int algo = 0;
  size_t workspace = 0;
};

std::unordered_map<std::string, Plan> plans;

// Workspaces above this are not asked for (the next algorithm in cuDNN's ranking is taken).
constexpr size_t kMaxWorkspace = size_t(1) << 30;

int dataType(int dtype) {
  switch (dtype) {
    case kFloat32: return kDataFloat;
    case kFloat64: return kDataDouble;
    case kFloat16: return kDataHalf;
    case kBFloat16: return kDataBFloat16;
    default: return -1;
  }
}

Plan makePlan(DeviceContext& ctx, const Api* a, ConvKind kind, const ConvTensors& t, const Conv2dParams& p, int dt) {
  Plan plan;
  const int dtype = t.x->dtype;
  const int computeType = dtype == kFloat64 ? kDataDouble : kDataFloat;
  int math = kDefaultMath;
  if (dtype == kFloat32) math = allowTf32 ? kDefaultMath : kFmaMath;
  if (dtype == kFloat16 || dtype == kBFloat16) math = kTensorOpMath;
  const int64_t* xs = t.x->shape;
  const int64_t* ws = t.w->shape;
  const int64_t* ys = t.y->shape;
  bool ok = a->createTensor(&plan.x) == 0 && a->createFilter(&plan.w) == 0 && a->createTensor(&plan.y) == 0 &&
            a->createConv(&plan.conv) == 0 &&
            a->setTensor4d(plan.x, kNCHW, dt, int(xs[0]), int(xs[1]), int(xs[2]), int(xs[3])) == 0 &&
            a->setFilter4d(plan.w, dt, kNCHW, int(ws[0]), int(ws[1]), int(ws[2]), int(ws[3])) == 0 &&
            a->setTensor4d(plan.y, kNCHW, dt, int(ys[0]), int(ys[1]), int(ys[2]), int(ys[3])) == 0 &&
            a->setConv2d(plan.conv, p.padding[0], p.padding[1], p.stride[0], p.stride[1], p.dilation[0], p.dilation[1],
                         kCrossCorrelation, computeType) == 0 &&
            a->setGroupCount(plan.conv, p.groups) == 0 && a->setMathType(plan.conv, math) == 0;
  if (ok && kind == ConvKind::kForward && t.bias) {
    ok = a->createTensor(&plan.bias) == 0 && a->setTensor4d(plan.bias, kNCHW, dt, 1, int(ys[1]), 1, 1) == 0;
  }
  if (!ok) return plan;
  Handle h = handle(ctx, a);
  constexpr int kWant = 8;
  AlgoPerf perf[kWant];
  int returned = 0;
  // Heuristics (PyTorch's default), or with torch.backends.cudnn.benchmark every algorithm timed
  // once for this configuration (the Find calls run synchronously).
  const GetAlgo pick = kind == ConvKind::kForward      ? (benchmark ? a->fwdFind : a->fwdAlgo)
                       : kind == ConvKind::kBackwardData ? (benchmark ? a->dataFind : a->dataAlgo)
                                                         : (benchmark ? a->filterFind : a->filterAlgo);
  Status s = kind == ConvKind::kForward    ? pick(h, plan.x, plan.w, plan.conv, plan.y, kWant, &returned, perf)
             : kind == ConvKind::kBackwardData ? pick(h, plan.w, plan.y, plan.conv, plan.x, kWant, &returned, perf)
                                               : pick(h, plan.x, plan.y, plan.conv, plan.w, kWant, &returned, perf);
  if (s != 0) return plan;
  for (int i = 0; i < returned; i++) {
    if (perf[i].status != 0) continue;
    // Full-precision float32 must not get a tensor-op (TF32) algorithm from the timed search.
    if (math == kFmaMath && perf[i].mathType != kFmaMath && perf[i].mathType != kDefaultMath) continue;
    size_t bytes = 0;
    Status w = kind == ConvKind::kForward
                   ? a->fwdWorkspace(h, plan.x, plan.w, plan.conv, plan.y, perf[i].algo, &bytes)
               : kind == ConvKind::kBackwardData
                   ? a->dataWorkspace(h, plan.w, plan.y, plan.conv, plan.x, perf[i].algo, &bytes)
                   : a->filterWorkspace(h, plan.x, plan.y, plan.conv, plan.w, perf[i].algo, &bytes);
    if (w != 0 || bytes > kMaxWorkspace) continue;
    plan.algo = perf[i].algo;
    plan.workspace = bytes;
    plan.usable = true;
    break;
  }
  return plan;
}

std::string planKey(int dev, ConvKind kind, const ConvTensors& t, const Conv2dParams& p) {
  std::string k = std::to_string(dev) + ':' + std::to_string(static_cast<int>(kind)) + ':' +
                  std::to_string(t.x->dtype) + ':' + (t.bias ? "b" : "-") + (allowTf32 ? "t" : "f") +
                  (benchmark ? "B" : "H");
  for (const View* v : {t.x, t.w, t.y}) {
    for (int d = 0; d < 4; d++) k += ',' + std::to_string(v->shape[d]);
  }
  const int q[] = {p.stride[0], p.stride[1], p.padding[0], p.padding[1], p.dilation[0], p.dilation[1], p.groups};
  for (int v : q) k += ',' + std::to_string(v);
  return k;
}

}  // namespace

bool convolution(DeviceContext& ctx, ConvKind kind, const ConvTensors& t, const Conv2dParams& p) {
  const Api* a = api();
  if (!a) return false;
  // float16/bfloat16 stay on the builtin kernels: cuDNN's tensor-op algorithms round partial sums
  // to the storage type (a couple of ulps off a once-rounded result).
  if (t.x->dtype != kFloat32 && t.x->dtype != kFloat64) return false;
  // Small forward convolutions (LeNet's) are faster on the builtin kernel than on any cuDNN
  // algorithm without TF32 (measured on an H100: 0.024 vs 0.053 ms for 15 MFLOP).
  if (kind == ConvKind::kForward && !allowTf32) {
    const double flops = 2.0 * static_cast<double>(t.y->numel()) * static_cast<double>(t.w->numel() / t.w->shape[0]);
    if (flops < 1e8) return false;
  }
  const int dt = dataType(t.x->dtype);
  if (dt < 0) return false;
  // cuDNN takes int dims and counts: leave huge tensors to the builtin kernels.
  for (const View* v : {t.x, t.w, t.y}) {
    if (v->ndim != 4 || v->numel() >= (int64_t(1) << 31)) return false;
  }
  if (t.bias && (t.bias->strides[0] != 1 || t.bias->dtype != t.x->dtype)) return false;
  const std::string key = planKey(ctx.index, kind, t, p);
  auto it = plans.find(key);
  if (it == plans.end()) it = plans.emplace(key, makePlan(ctx, a, kind, t, p, dt)).first;
  const Plan& plan = it->second;
  if (!plan.usable) return false;

  Handle h = handle(ctx, a);
  TempBuffer workspace(ctx.index, plan.workspace);
  const double oneD = 1.0, zeroD = 0.0;
  const float oneF = 1.0f, zeroF = 0.0f;
  const bool dbl = t.x->dtype == kFloat64;
  const void* one = dbl ? static_cast<const void*>(&oneD) : &oneF;
  const void* zero = dbl ? static_cast<const void*>(&zeroD) : &zeroF;
  Status s;
  const char* what;
  switch (kind) {
    case ConvKind::kForward:
      what = "cudnnConvolutionForward";
      s = a->fwd(h, one, plan.x, t.x->data(), plan.w, t.w->data(), plan.conv, plan.algo, workspace.get(), plan.workspace,
                 zero, plan.y, t.y->data());
      if (s == 0 && t.bias) {
        what = "cudnnAddTensor";
        s = a->addTensor(h, one, plan.bias, t.bias->data(), one, plan.y, t.y->data());
      }
      break;
    case ConvKind::kBackwardData:
      what = "cudnnConvolutionBackwardData";
      s = a->data(h, one, plan.w, t.w->data(), plan.y, t.y->data(), plan.conv, plan.algo, workspace.get(),
                  plan.workspace, zero, plan.x, t.x->data());
      break;
    default:
      what = "cudnnConvolutionBackwardFilter";
      s = a->filter(h, one, plan.x, t.x->data(), plan.y, t.y->data(), plan.conv, plan.algo, workspace.get(),
                    plan.workspace, zero, plan.w, t.w->data());
      break;
  }
  if (s != 0) throw Error(std::string("cuDNN error in ") + what + ": " + statusText(s));
  return true;
}

std::string describe() {
  if (!attempted) load();
  if (!loaded) return "builtin implicit-GEMM kernels (" + failure + ")";
  const size_t v = loaded->getVersion();
  // cuDNN 9 encodes 9.x.y as 90000 + x * 100 + y; cuDNN 8 as 8000 + x * 100 + y.
  const size_t major = v >= 90000 ? v / 10000 : v / 1000;
  const size_t minor = v >= 90000 ? v / 100 % 100 : v / 100 % 10;
  return "cuDNN " + std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(v % 100) + " (" +
         loadedFrom + ")" + (userEnabled ? "" : ", disabled: builtin implicit-GEMM kernels in use");
}

void setEnabled(bool enabled) { userEnabled = enabled; }

void setAllowTf32(bool allow) { allowTf32 = allow; }

void setBenchmark(bool on) { benchmark = on; }

}  // namespace cudnn
}  // namespace tts
