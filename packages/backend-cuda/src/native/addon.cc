// Node-API bindings of the torchts CUDA addon (node-addon-api, Node-API 8).
//
// Views travel from JS packed in a Float64Array, one after another:
//   [bufferAddress, dtype, ndim, offset, shape[0..ndim), strides[0..ndim)]
// Every view is checked against the allocator's record of its buffer (its reach must stay inside
// the block) before a kernel sees it, so a wrong view is a JS error, not a corrupted context.
// CUDA failures become JS exceptions (core's RuntimeError once `setErrorClass` was called) naming
// the op and the CUDA error; nothing here aborts the process.
#include <napi.h>

#include <cmath>
#include <string>
#include <vector>

#include "allocator.h"
#include "common.h"
#include "cublas.h"
#include "cudnn.h"
#include "device.h"
#include "kernels.h"
#include "ops.h"

namespace {

using tts::View;

struct AddonData {
  Napi::FunctionReference errorClass;
};

Napi::Error makeError(Napi::Env env, const std::string& message) {
  AddonData* data = env.GetInstanceData<AddonData>();
  if (data && !data->errorClass.IsEmpty()) {
    Napi::Object err = data->errorClass.New({Napi::String::New(env, message)});
    return Napi::Error(env, err);
  }
  return Napi::Error::New(env, message);
}

using Binding = Napi::Value (*)(const Napi::CallbackInfo&);

// Turns C++ exceptions into JS exceptions.
template <Binding F>
Napi::Value guarded(const Napi::CallbackInfo& info) {
  try {
    return F(info);
  } catch (const Napi::Error&) {
    throw;
  } catch (const tts::Error& e) {
    throw makeError(info.Env(), e.what());
  } catch (const std::exception& e) {
    throw makeError(info.Env(), std::string("internal error in the CUDA addon: ") + e.what());
  }
}

// ---- argument helpers

int intArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber()) throw tts::Error(std::string("expected a number for ") + what);
  return info[i].As<Napi::Number>().Int32Value();
}

double numberArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber()) throw tts::Error(std::string("expected a number for ") + what);
  return info[i].As<Napi::Number>().DoubleValue();
}

bool boolArg(const Napi::CallbackInfo& info, size_t i) { return info.Length() > i && info[i].ToBoolean().Value(); }

void* pointerOf(double v) {
  if (!(v >= 0 && v <= 9007199254740992.0) || v != std::floor(v)) throw tts::Error("invalid buffer address");
  return reinterpret_cast<void*>(static_cast<uintptr_t>(v));
}

// Parses `count` views from the descriptor array at info[i] and checks their reach.
std::vector<View> views(const Napi::CallbackInfo& info, size_t i, int dev, size_t count, const char* op) {
  if (info.Length() <= i || !info[i].IsTypedArray() ||
      info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float64_array) {
    throw tts::Error(std::string(op) + ": expected view descriptors (a Float64Array)");
  }
  Napi::Float64Array arr = info[i].As<Napi::Float64Array>();
  const double* d = arr.Data();
  const size_t len = arr.ElementLength();
  std::vector<View> out(count);
  size_t pos = 0;
  for (size_t k = 0; k < count; ++k) {
    if (pos + 4 > len) throw tts::Error(std::string(op) + ": truncated view descriptor");
    View& v = out[k];
    v.base = static_cast<char*>(pointerOf(d[pos]));
    const double dt = d[pos + 1], nd = d[pos + 2];
    v.offset = static_cast<int64_t>(d[pos + 3]);
    if (!(dt >= 0 && dt < tts::kNumDTypes)) throw tts::Error(std::string(op) + ": invalid dtype code");
    if (!(nd >= 0 && nd <= tts::kMaxViewDims)) {
      throw tts::Error(std::string(op) + ": views may have at most " + std::to_string(tts::kMaxViewDims) + " dims");
    }
    v.dtype = static_cast<int>(dt);
    v.ndim = static_cast<int>(nd);
    pos += 4;
    if (pos + 2 * static_cast<size_t>(v.ndim) > len) throw tts::Error(std::string(op) + ": truncated view descriptor");
    for (int j = 0; j < v.ndim; ++j) v.shape[j] = static_cast<int64_t>(d[pos + j]);
    for (int j = 0; j < v.ndim; ++j) v.strides[j] = static_cast<int64_t>(d[pos + v.ndim + j]);
    pos += 2 * static_cast<size_t>(v.ndim);
    // The view's reach must lie inside its buffer (nothing is touched when it has no elements).
    int64_t lo = v.offset, hi = v.offset, n = 1;
    for (int j = 0; j < v.ndim; ++j) {
      if (v.shape[j] < 0) throw tts::Error(std::string(op) + ": negative size in a view");
      n *= v.shape[j];
      const int64_t reach = (v.shape[j] > 0 ? v.shape[j] - 1 : 0) * v.strides[j];
      if (reach < 0) lo += reach;
      else hi += reach;
    }
    if (n == 0) continue;
    const size_t capacity = tts::blockCapacity(dev, v.base);
    if (capacity == 0) {
      throw tts::Error(std::string(op) + ": a view's buffer is not a live CUDA buffer of cuda:" + std::to_string(dev) +
                       " (freed, or on another device)");
    }
    const int64_t es = tts::elementSize(v.dtype);
    if (lo < 0 || static_cast<size_t>((hi + 1) * es) > capacity) {
      throw tts::Error(std::string(op) + ": view " + tts::shapeString(v) + " (offset " + std::to_string(v.offset) +
                       ") reaches outside its buffer");
    }
  }
  return out;
}

tts::DeviceContext& ctxArg(const Napi::CallbackInfo& info) { return tts::device(intArg(info, 0, "device")); }

// The dtype a buffer's host TypedArray holds (float16 -> float32, int64 -> float64, ...).
int hostDtype(int dt) {
  switch (dt) {
    case tts::kFloat16: case tts::kBFloat16: return tts::kFloat32;
    case tts::kInt64: return tts::kFloat64;
    default: return dt;
  }
}

bool typedArrayMatches(const Napi::TypedArray& a, int hostDt) {
  switch (a.TypedArrayType()) {
    case napi_float32_array: return hostDt == tts::kFloat32;
    case napi_float64_array: return hostDt == tts::kFloat64;
    case napi_int32_array: return hostDt == tts::kInt32;
    case napi_int16_array: return hostDt == tts::kInt16;
    case napi_int8_array: return hostDt == tts::kInt8;
    case napi_uint8_array: return hostDt == tts::kUInt8 || hostDt == tts::kBool;
    default: return false;
  }
}

// ---- device queries

Napi::Value Probe(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object r = Napi::Object::New(env);
  int n = 0;
  cudaError_t e = cudaGetDeviceCount(&n);
  if (e != cudaSuccess) cudaGetLastError();
  int driver = 0, runtime = 0;
  cudaDriverGetVersion(&driver);
  cudaRuntimeGetVersion(&runtime);
  cudaGetLastError();
  r.Set("count", Napi::Number::New(env, e == cudaSuccess ? n : 0));
  r.Set("error", Napi::Number::New(env, static_cast<int>(e)));
  r.Set("errorName", Napi::String::New(env, cudaGetErrorName(e)));
  r.Set("message", Napi::String::New(env, cudaGetErrorString(e)));
  r.Set("driverVersion", Napi::Number::New(env, driver));
  r.Set("runtimeVersion", Napi::Number::New(env, runtime));
  return r;
}

Napi::Value DeviceProperties(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int dev = intArg(info, 0, "device");
  tts::device(dev);
  cudaDeviceProp p{};
  tts::checkCuda(cudaGetDeviceProperties(&p, dev), "cudaGetDeviceProperties");
  Napi::Object r = Napi::Object::New(env);
  r.Set("name", Napi::String::New(env, p.name));
  r.Set("totalMemory", Napi::Number::New(env, static_cast<double>(p.totalGlobalMem)));
  r.Set("major", Napi::Number::New(env, p.major));
  r.Set("minor", Napi::Number::New(env, p.minor));
  r.Set("multiProcessorCount", Napi::Number::New(env, p.multiProcessorCount));
  return r;
}

Napi::Value Synchronize(const Napi::CallbackInfo& info) {
  tts::synchronizeDevice(ctxArg(info), "synchronize");
  return info.Env().Undefined();
}

Napi::Value MatmulInfo(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), tts::cublas::describe(intArg(info, 0, "device")));
}

Napi::Value SetCublasEnabled(const Napi::CallbackInfo& info) {
  tts::cublas::setEnabled(boolArg(info, 0));
  return info.Env().Undefined();
}

Napi::Value ProfileReport(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), tts::profileReport(intArg(info, 0, "device")));
}

Napi::Value ConvInfo(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), tts::cudnn::describe());
}

Napi::Value SetCudnnEnabled(const Napi::CallbackInfo& info) {
  tts::cudnn::setEnabled(boolArg(info, 0));
  return info.Env().Undefined();
}

// setMathFlags(matmulTf32, cudnnTf32, cudnnBenchmark): torch.backends.cuda.matmul.allow_tf32,
// torch.backends.cudnn.allow_tf32 and torch.backends.cudnn.benchmark.
Napi::Value SetMathFlags(const Napi::CallbackInfo& info) {
  tts::cublas::setAllowTf32(boolArg(info, 0));
  tts::cudnn::setAllowTf32(boolArg(info, 1));
  tts::cudnn::setBenchmark(boolArg(info, 2));
  return info.Env().Undefined();
}

Napi::Value SetErrorClass(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsFunction()) throw tts::Error("setErrorClass expects a constructor");
  AddonData* data = info.Env().GetInstanceData<AddonData>();
  data->errorClass = Napi::Persistent(info[0].As<Napi::Function>());
  return info.Env().Undefined();
}

// ---- memory

Napi::Value Alloc(const Napi::CallbackInfo& info) {
  const int dev = intArg(info, 0, "device");
  const double bytes = numberArg(info, 1, "bytes");
  if (!(bytes >= 0 && bytes <= 9007199254740992.0) || bytes != std::floor(bytes)) throw tts::Error("alloc: invalid size");
  void* p = tts::deviceAlloc(dev, static_cast<size_t>(bytes));
  return Napi::Number::New(info.Env(), static_cast<double>(reinterpret_cast<uintptr_t>(p)));
}

Napi::Value Free(const Napi::CallbackInfo& info) {
  tts::deviceFree(intArg(info, 0, "device"), pointerOf(numberArg(info, 1, "address")));
  return info.Env().Undefined();
}

Napi::Value MemoryAllocated(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(tts::memoryAllocated(intArg(info, 0, "device"))));
}

Napi::Value MemoryReserved(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(tts::memoryReserved(intArg(info, 0, "device"))));
}

Napi::Value EmptyCache(const Napi::CallbackInfo& info) {
  tts::emptyCache(intArg(info, 0, "device"));
  return info.Env().Undefined();
}

// write(device, address, dtype, offset, typedArray): host elements into the buffer from `offset`.
Napi::Value Write(const Napi::CallbackInfo& info) {
  tts::DeviceContext& ctx = ctxArg(info);
  char* base = static_cast<char*>(pointerOf(numberArg(info, 1, "address")));
  const int dt = intArg(info, 2, "dtype");
  const double offset = numberArg(info, 3, "offset");
  if (dt < 0 || dt >= tts::kNumDTypes) throw tts::Error("write: invalid dtype code");
  if (info.Length() < 5 || !info[4].IsTypedArray()) throw tts::Error("write: expected a TypedArray");
  Napi::TypedArray data = info[4].As<Napi::TypedArray>();
  const int host = hostDtype(dt);
  if (!typedArrayMatches(data, host)) {
    throw tts::Error(std::string("write: a ") + tts::dtypeNames[dt] + " buffer takes " + tts::dtypeNames[host] +
                     " host data");
  }
  const int64_t n = static_cast<int64_t>(data.ElementLength());
  if (n == 0) return info.Env().Undefined();
  const int64_t es = tts::elementSize(dt);
  const size_t capacity = tts::blockCapacity(ctx.index, base);
  if (!(offset >= 0) || capacity == 0 || static_cast<size_t>((static_cast<int64_t>(offset) + n) * es) > capacity) {
    throw tts::Error("write: " + std::to_string(n) + " elements at offset " + std::to_string(static_cast<int64_t>(offset)) +
                     " do not fit in the buffer");
  }
  const char* src = static_cast<const char*>(data.ArrayBuffer().Data()) + data.ByteOffset();
  char* dst = base + static_cast<int64_t>(offset) * es;
  if (host == dt) {
    tts::checkCuda(cudaMemcpyAsync(dst, src, static_cast<size_t>(n * es), cudaMemcpyHostToDevice, ctx.stream),
                   "write (cudaMemcpyAsync)");
  } else {
    // Stage the host representation on the device, then convert (float32 -> float16, float64 -> int64).
    const int64_t hs = tts::elementSize(host);
    tts::TempBuffer stage(ctx.index, static_cast<size_t>(n * hs));
    tts::checkCuda(cudaMemcpyAsync(stage.get(), src, static_cast<size_t>(n * hs), cudaMemcpyHostToDevice, ctx.stream),
                   "write (cudaMemcpyAsync)");
    View from = tts::flatView(stage.get(), host, n), to = tts::flatView(dst, dt, n);
    tts::copy(ctx, from, to);
  }
  tts::afterOp(ctx, "write");
  return info.Env().Undefined();
}

// read(device, desc, out): the view's elements, row-major, into the host TypedArray `out`.
Napi::Value Read(const Napi::CallbackInfo& info) {
  tts::DeviceContext& ctx = ctxArg(info);
  const View v = views(info, 1, ctx.index, 1, "read")[0];
  if (info.Length() < 3 || !info[2].IsTypedArray()) throw tts::Error("read: expected a TypedArray");
  Napi::TypedArray out = info[2].As<Napi::TypedArray>();
  const int host = hostDtype(v.dtype);
  const int64_t n = v.numel();
  if (!typedArrayMatches(out, host) || static_cast<int64_t>(out.ElementLength()) != n) {
    throw tts::Error("read: the host array does not match the view");
  }
  char* dst = static_cast<char*>(out.ArrayBuffer().Data()) + out.ByteOffset();
  if (n > 0) {
    const int64_t hs = tts::elementSize(host);
    if (host == v.dtype && v.contiguous()) {
      tts::checkCuda(cudaMemcpyAsync(dst, v.data(), static_cast<size_t>(n * hs), cudaMemcpyDeviceToHost, ctx.stream),
                     "read (cudaMemcpyAsync)");
    } else {
      tts::TempBuffer stage(ctx.index, static_cast<size_t>(n * hs));
      View to = tts::contiguousView(stage.get(), host, v.ndim, v.shape);
      tts::copy(ctx, v, to);
      tts::checkCuda(cudaMemcpyAsync(dst, stage.get(), static_cast<size_t>(n * hs), cudaMemcpyDeviceToHost, ctx.stream),
                     "read (cudaMemcpyAsync)");
    }
  }
  tts::synchronizeDevice(ctx, "read");
  return info.Env().Undefined();
}

// ---- kernels (one registration line each in Init)

Napi::Value Fill(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 1, "fill");
  tts::fill(ctx, v[0], numberArg(info, 2, "value"));
  return info.Env().Undefined();
}

Napi::Value Copy(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 2, "copy");
  tts::copy(ctx, v[0], v[1]);
  return info.Env().Undefined();
}

Napi::Value Unary(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  const int op = intArg(info, 1, "op");
  auto v = views(info, 2, ctx.index, 2, "unary");
  tts::unary(ctx, op, v[0], v[1]);
  return info.Env().Undefined();
}

Napi::Value Clamp(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 2, "clamp");
  const bool hasMin = info.Length() > 2 && info[2].IsNumber(), hasMax = info.Length() > 3 && info[3].IsNumber();
  tts::clamp(ctx, v[0], hasMin, hasMin ? numberArg(info, 2, "min") : 0.0, hasMax,
             hasMax ? numberArg(info, 3, "max") : 0.0, v[1]);
  return info.Env().Undefined();
}

Napi::Value Binary(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  const int op = intArg(info, 1, "op");
  auto v = views(info, 2, ctx.index, 3, "binary");
  tts::binary(ctx, op, v[0], v[1], v[2]);
  return info.Env().Undefined();
}

// binaryScalar(device, op, desc, scalar, scalarFirst): views a, out.
Napi::Value BinaryScalar(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  const int op = intArg(info, 1, "op");
  auto v = views(info, 2, ctx.index, 2, "binary");
  tts::binaryScalar(ctx, op, v[0], numberArg(info, 3, "scalar"), boolArg(info, 4), v[1]);
  return info.Env().Undefined();
}

Napi::Value Where(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 4, "where");
  tts::where(ctx, v[0], v[1], v[2], v[3]);
  return info.Env().Undefined();
}

Napi::Value Reduce(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  const int op = intArg(info, 1, "op");
  auto v = views(info, 2, ctx.index, 2, "reduce");
  if (info.Length() < 4 || !info[3].IsArray()) throw tts::Error("reduce: expected an array of dims");
  Napi::Array arr = info[3].As<Napi::Array>();
  std::vector<int> dims(arr.Length());
  for (uint32_t i = 0; i < arr.Length(); ++i) dims[i] = arr.Get(i).As<Napi::Number>().Int32Value();
  tts::reduce(ctx, op, v[0], dims.data(), static_cast<int>(dims.size()), v[1]);
  return info.Env().Undefined();
}

Napi::Value Matmul(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "matmul");
  tts::matmul(ctx, v[0], v[1], v[2]);
  return info.Env().Undefined();
}

Napi::Value Gather(const Napi::CallbackInfo& info) {  // views: src, index, out
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "gather");
  tts::gather(ctx, v[0], intArg(info, 2, "dim"), v[1], v[2]);
  return info.Env().Undefined();
}

Napi::Value Scatter(const Napi::CallbackInfo& info) {  // views: out, index, src
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "scatter");
  tts::scatter(ctx, v[0], intArg(info, 2, "dim"), v[1], v[2], boolArg(info, 3));
  return info.Env().Undefined();
}

Napi::Value IndexSelect(const Napi::CallbackInfo& info) {  // views: src, index, out
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "indexSelect");
  tts::indexSelect(ctx, v[0], intArg(info, 2, "dim"), v[1], v[2]);
  return info.Env().Undefined();
}

Napi::Value Cumulative(const Napi::CallbackInfo& info) {  // views: src, out
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 2, "cumulative");
  tts::cumulative(ctx, boolArg(info, 3), v[0], intArg(info, 2, "dim"), v[1]);
  return info.Env().Undefined();
}

Napi::Value Sort(const Napi::CallbackInfo& info) {  // views: src, values, indices
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "sort");
  tts::sort(ctx, v[0], intArg(info, 2, "dim"), boolArg(info, 3), v[1], v[2]);
  return info.Env().Undefined();
}

tts::Conv2dParams convParams(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsTypedArray()) throw tts::Error("conv2d: expected Int32Array parameters");
  Napi::Int32Array a = info[i].As<Napi::Int32Array>();
  if (a.ElementLength() < 7) throw tts::Error("conv2d: expected 7 parameters");
  tts::Conv2dParams p{};
  p.stride[0] = a[0];
  p.stride[1] = a[1];
  p.padding[0] = a[2];
  p.padding[1] = a[3];
  p.dilation[0] = a[4];
  p.dilation[1] = a[5];
  p.groups = a[6];
  return p;
}

Napi::Value Conv2d(const Napi::CallbackInfo& info) {  // views: input, weight, out[, bias]
  auto& ctx = ctxArg(info);
  const bool hasBias = boolArg(info, 3);
  auto v = views(info, 1, ctx.index, hasBias ? 4 : 3, "conv2d");
  tts::conv2d(ctx, v[0], v[1], hasBias ? &v[3] : nullptr, convParams(info, 2), v[2]);
  return info.Env().Undefined();
}

Napi::Value Conv2dBackwardInput(const Napi::CallbackInfo& info) {  // views: gradOut, weight, gradInput
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "conv2dBackwardInput");
  tts::conv2dBackwardInput(ctx, v[0], v[1], convParams(info, 2), v[2]);
  return info.Env().Undefined();
}

Napi::Value Conv2dBackwardWeight(const Napi::CallbackInfo& info) {  // views: gradOut, input, gradWeight
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "conv2dBackwardWeight");
  tts::conv2dBackwardWeight(ctx, v[0], v[1], convParams(info, 2), v[2]);
  return info.Env().Undefined();
}

Napi::Value MaxPool2d(const Napi::CallbackInfo& info) {  // views: src, out, indices
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 3, "maxPool2d");
  if (info.Length() < 3 || !info[2].IsTypedArray()) throw tts::Error("maxPool2d: expected Int32Array parameters");
  Napi::Int32Array a = info[2].As<Napi::Int32Array>();
  if (a.ElementLength() < 8) throw tts::Error("maxPool2d: expected 8 parameters");
  const int kernel[2] = {a[0], a[1]}, stride[2] = {a[2], a[3]}, padding[2] = {a[4], a[5]}, dilation[2] = {a[6], a[7]};
  tts::maxPool2d(ctx, v[0], kernel, stride, padding, dilation, v[1], v[2]);
  return info.Env().Undefined();
}

Napi::Value Softmax(const Napi::CallbackInfo& info) {  // views: src, out
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 2, "softmax");
  tts::softmax(ctx, v[0], boolArg(info, 2), v[1]);
  return info.Env().Undefined();
}

// batchNorm(device, desc, eps, flags): views input, out, mean, invstd, then weight (flags & 1)
// and bias (flags & 2).
Napi::Value BatchNorm(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  const int flags = intArg(info, 3, "flags");
  const size_t count = 4 + ((flags & 1) ? 1 : 0) + ((flags & 2) ? 1 : 0);
  auto v = views(info, 1, ctx.index, count, "batchNorm");
  size_t k = 4;
  const View* weight = (flags & 1) ? &v[k++] : nullptr;
  const View* bias = (flags & 2) ? &v[k++] : nullptr;
  tts::batchNorm(ctx, v[0], weight, bias, numberArg(info, 2, "eps"), v[1], v[2], v[3]);
  return info.Env().Undefined();
}

// batchNormBackward(device, desc, flags): views gradOut, input, mean, invstd, then weight
// (flags & 1), gradInput (flags & 2), gradWeight (flags & 4), gradBias (flags & 8).
Napi::Value BatchNormBackward(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  const int flags = intArg(info, 2, "flags");
  size_t count = 4;
  for (int bit = 1; bit <= 8; bit <<= 1) count += (flags & bit) ? 1 : 0;
  auto v = views(info, 1, ctx.index, count, "batchNormBackward");
  size_t k = 4;
  const View* weight = (flags & 1) ? &v[k++] : nullptr;
  const View* gradInput = (flags & 2) ? &v[k++] : nullptr;
  const View* gradWeight = (flags & 4) ? &v[k++] : nullptr;
  const View* gradBias = (flags & 8) ? &v[k++] : nullptr;
  tts::batchNormBackward(ctx, v[0], v[1], weight, v[2], v[3], gradInput, gradWeight, gradBias);
  return info.Env().Undefined();
}

Napi::Value SgdStep(const Napi::CallbackInfo& info) {  // views: param, grad[, buf]; params Float64Array
  auto& ctx = ctxArg(info);
  const bool hasBuf = boolArg(info, 3);
  auto v = views(info, 1, ctx.index, hasBuf ? 3 : 2, "sgdStep");
  if (info.Length() < 3 || !info[2].IsTypedArray()) throw tts::Error("sgdStep: expected Float64Array parameters");
  Napi::Float64Array a = info[2].As<Napi::Float64Array>();
  if (a.ElementLength() < 7) throw tts::Error("sgdStep: expected 7 parameters");
  tts::SgdStepParams p{a[0], a[1], a[2], a[3], a[4] != 0, a[5] != 0, a[6] != 0};
  tts::sgdStep(ctx, v[0], v[1], hasBuf ? &v[2] : nullptr, p);
  return info.Env().Undefined();
}

// views: param, grad, expAvg, expAvgSq[, maxExpAvgSq]; params Float64Array
Napi::Value AdamStep(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  const bool hasMax = boolArg(info, 3);
  auto v = views(info, 1, ctx.index, hasMax ? 5 : 4, "adamStep");
  if (info.Length() < 3 || !info[2].IsTypedArray()) throw tts::Error("adamStep: expected Float64Array parameters");
  Napi::Float64Array a = info[2].As<Napi::Float64Array>();
  if (a.ElementLength() < 11) throw tts::Error("adamStep: expected 11 parameters");
  tts::AdamStepParams p{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8] != 0, a[9] != 0, a[10] != 0};
  tts::adamStep(ctx, v[0], v[1], v[2], v[3], hasMax ? &v[4] : nullptr, p);
  return info.Env().Undefined();
}

// random(device, desc, kind, seedLo, seedHi, offset, a, b): views: out.
Napi::Value Random(const Napi::CallbackInfo& info) {
  auto& ctx = ctxArg(info);
  auto v = views(info, 1, ctx.index, 1, "random");
  const int kind = intArg(info, 2, "kind");
  const double lo = numberArg(info, 3, "seed"), hi = numberArg(info, 4, "seed");
  const double offset = numberArg(info, 5, "offset");
  if (!(lo >= 0 && lo < 4294967296.0 && hi >= 0 && hi < 4294967296.0)) throw tts::Error("random: invalid seed words");
  if (!(offset >= 0 && offset <= 9007199254740992.0) || offset != std::floor(offset) || std::fmod(offset, 4.0) != 0) {
    throw tts::Error("random: the offset must be a non-negative multiple of 4");
  }
  tts::RandomParams p{static_cast<uint32_t>(lo), static_cast<uint32_t>(hi), static_cast<uint64_t>(offset) / 4,
                      numberArg(info, 6, "a"), numberArg(info, 7, "b")};
  tts::randomFill(ctx, kind, v[0], p);
  return info.Env().Undefined();
}

// ---- module

Napi::Array names(Napi::Env env, const char* const* list, int n) {
  Napi::Array a = Napi::Array::New(env, n);
  for (int i = 0; i < n; ++i) a.Set(static_cast<uint32_t>(i), Napi::String::New(env, list[i]));
  return a;
}

template <Binding F>
void expose(Napi::Env env, Napi::Object exports, const char* name) {
  exports.Set(name, Napi::Function::New(env, guarded<F>, name));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  env.SetInstanceData(new AddonData());
  exports.Set("dtypes", names(env, tts::dtypeNames, tts::kNumDTypes));
  exports.Set("unaryOps", names(env, tts::kUnaryOpNames, tts::kNumUnaryOps));
  exports.Set("binaryOps", names(env, tts::kBinaryOpNames, tts::kNumBinaryOps));
  exports.Set("reduceOps", names(env, tts::kReduceOpNames, tts::kNumReduceOps));
  exports.Set("maxViewDims", Napi::Number::New(env, tts::kMaxViewDims));
  expose<Probe>(env, exports, "probe");
  expose<DeviceProperties>(env, exports, "deviceProperties");
  expose<Synchronize>(env, exports, "synchronize");
  expose<MatmulInfo>(env, exports, "matmulInfo");
  expose<SetCublasEnabled>(env, exports, "setCublasEnabled");
  expose<ConvInfo>(env, exports, "convInfo");
  expose<BinaryScalar>(env, exports, "binaryScalar");
  expose<ProfileReport>(env, exports, "profileReport");
  expose<BatchNorm>(env, exports, "batchNorm");
  expose<BatchNormBackward>(env, exports, "batchNormBackward");
  expose<SetCudnnEnabled>(env, exports, "setCudnnEnabled");
  expose<SetMathFlags>(env, exports, "setMathFlags");
  expose<SetErrorClass>(env, exports, "setErrorClass");
  expose<Alloc>(env, exports, "alloc");
  expose<Free>(env, exports, "free");
  expose<MemoryAllocated>(env, exports, "memoryAllocated");
  expose<MemoryReserved>(env, exports, "memoryReserved");
  expose<EmptyCache>(env, exports, "emptyCache");
  expose<Write>(env, exports, "write");
  expose<Read>(env, exports, "read");
  expose<Fill>(env, exports, "fill");
  expose<Copy>(env, exports, "copy");
  expose<Unary>(env, exports, "unary");
  expose<Clamp>(env, exports, "clamp");
  expose<Binary>(env, exports, "binary");
  expose<Where>(env, exports, "where");
  expose<Reduce>(env, exports, "reduce");
  expose<Matmul>(env, exports, "matmul");
  expose<Gather>(env, exports, "gather");
  expose<Scatter>(env, exports, "scatter");
  expose<IndexSelect>(env, exports, "indexSelect");
  expose<Cumulative>(env, exports, "cumulative");
  expose<Sort>(env, exports, "sort");
  expose<Conv2d>(env, exports, "conv2d");
  expose<Conv2dBackwardInput>(env, exports, "conv2dBackwardInput");
  expose<Conv2dBackwardWeight>(env, exports, "conv2dBackwardWeight");
  expose<MaxPool2d>(env, exports, "maxPool2d");
  expose<Softmax>(env, exports, "softmax");
  expose<SgdStep>(env, exports, "sgdStep");
  expose<AdamStep>(env, exports, "adamStep");
  expose<Random>(env, exports, "random");
  return exports;
}

}  // namespace

NODE_API_MODULE(torchts_cuda, Init)
