// Indexing kernels driven by int64 index tensors: gather, scatter, scatterAdd, indexSelect.
// Indices are data: one out of range is not written and raises PyTorch's message at the next
// synchronisation. gather/scatter/indexSelect move raw bits; scatterAdd adds with atomics in
// float32/float64/int32/int64 directly, and for float16 and 8/16-bit integers into a float32 /
// int32 copy of `out` that is converted back (so float16 sums round once, and integers wrap).
#include "allocator.h"
#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"
#include "scalar.cuh"

namespace tts {

namespace {

// out[o] = src[s + j * srcDimStride] with j = index[i]; operands: out, index, src.
template <typename U>
struct GatherOp {
  char* p[3];
  int64_t srcDimStride;
  int64_t size;
  int dim;
  int code;
  int site;
  DeviceErrorFlag* flag;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    const int64_t j = reinterpret_cast<const int64_t*>(p[1])[off[1]];
    if (j < 0 || j >= size) {
      raiseDeviceError(flag, code, site, j, dim, size);
      return;
    }
    reinterpret_cast<U*>(p[0])[off[0]] = reinterpret_cast<const U*>(p[2])[off[2] + j * srcDimStride];
  }
};

// out[o + j * outDimStride] = src[s]; operands: src, index, out.
template <typename U>
struct ScatterOp {
  char* p[3];
  int64_t outDimStride;
  int64_t size;
  int dim;
  DeviceErrorFlag* flag;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    const int64_t j = reinterpret_cast<const int64_t*>(p[1])[off[1]];
    if (j < 0 || j >= size) {
      raiseDeviceError(flag, kIndexOutOfBounds, kSiteScatter, j, dim, size);
      return;
    }
    reinterpret_cast<U*>(p[2])[off[2] + j * outDimStride] = reinterpret_cast<const U*>(p[0])[off[0]];
  }
};

__device__ __forceinline__ void atomicAddTo(float* p, float v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomicAddTo(double* p, double v) { atomicAdd(p, v); }
__device__ __forceinline__ void atomicAddTo(int32_t* p, int32_t v) { atomicAdd(reinterpret_cast<int*>(p), v); }
__device__ __forceinline__ void atomicAddTo(int64_t* p, int64_t v) {
  atomicAdd(reinterpret_cast<unsigned long long*>(p), static_cast<unsigned long long>(v));
}

// out[o + j * outDimStride] += src[s] (atomically, in Dst); operands: src, index, out.
template <typename Dst>
struct ScatterAddOp {
  char* p[3];
  int64_t outDimStride;
  int64_t size;
  int dim;
  int srcDtype;
  DeviceErrorFlag* flag;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    const int64_t j = reinterpret_cast<const int64_t*>(p[1])[off[1]];
    if (j < 0 || j >= size) {
      raiseDeviceError(flag, kIndexOutOfBounds, kSiteScatterAdd, j, dim, size);
      return;
    }
    const Scalar s = loadScalar(p[0], srcDtype, off[0]);
    const Dst v = s.isFloat ? static_cast<Dst>(s.f) : static_cast<Dst>(s.i);
    atomicAddTo(reinterpret_cast<Dst*>(p[2]) + off[2] + j * outDimStride, v);
  }
};

// Adding into bool is a logical or: every writer writes 1, so no atomics are needed.
struct ScatterOrOp {
  char* p[3];
  int64_t outDimStride;
  int64_t size;
  int dim;
  DeviceErrorFlag* flag;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    const int64_t j = reinterpret_cast<const int64_t*>(p[1])[off[1]];
    if (j < 0 || j >= size) {
      raiseDeviceError(flag, kIndexOutOfBounds, kSiteScatterAdd, j, dim, size);
      return;
    }
    if (reinterpret_cast<const uint8_t*>(p[0])[off[0]]) reinterpret_cast<uint8_t*>(p[2])[off[2] + j * outDimStride] = 1;
  }
};

// `strides` with the stride of `dim` set to 0 (the index supplies that coordinate).
void stridesWithoutDim(const View& v, int dim, int64_t* out) {
  for (int d = 0; d < v.ndim; ++d) out[d] = d == dim ? 0 : v.strides[d];
}

template <template <typename> class Op, class... Args>
void byElementSize(int esize, DeviceContext& ctx, const char* name, const Walk<3>& w, std::array<char*, 3> bases,
                   Args... args) {
  std::array<int, 3> es{esize, 8, esize};
  switch (esize) {
    case 8: launchWalk<3>(ctx, name, w, 0, bases, es, Op<uint64_t>{{}, args...}); break;
    case 4: launchWalk<3>(ctx, name, w, 0, bases, es, Op<uint32_t>{{}, args...}); break;
    case 2: launchWalk<3>(ctx, name, w, 0, bases, es, Op<uint16_t>{{}, args...}); break;
    default: launchWalk<3>(ctx, name, w, 0, bases, es, Op<uint8_t>{{}, args...}); break;
  }
}

void checkIndexed(const View& data, const View& index, int dim, const char* name) {
  requireDtype(index, kInt64, name, "index");
  require(index.ndim == data.ndim || (data.ndim == 0 && index.ndim <= 1), name,
          "index " + shapeString(index) + " must have as many dims as " + shapeString(data));
  for (int d = 0; d < index.ndim && d < data.ndim; ++d) {
    if (d == dim) continue;
    require(index.shape[d] <= data.shape[d], name,
            "index " + shapeString(index) + " is larger than " + shapeString(data) + " in dim " + std::to_string(d));
  }
}

}  // namespace

void gather(DeviceContext& ctx, const View& src, int dim, const View& index, const View& out) {
  dim = normDim(dim, src.ndim, "gather");
  checkIndexed(src, index, dim, "gather");
  requireSameShape(index, out, "gather", "index", "out");
  requireDtype(out, src.dtype, "gather", "out");
  const int64_t size = src.ndim == 0 ? 1 : src.shape[dim];
  const int64_t sd = src.ndim == 0 ? 0 : src.strides[dim];
  int64_t srcStrides[kMaxViewDims] = {};
  stridesWithoutDim(src, dim, srcStrides);
  Walk<3> w = makeWalk<3>(index.ndim, index.shape, {out.strides, index.strides, srcStrides});
  if (w.numel == 0) return;
  byElementSize<GatherOp>(src.esize(), ctx, "gather", w, {out.data(), index.data(), src.data()}, sd, size, dim,
                          static_cast<int>(kIndexOutOfBounds), static_cast<int>(kSiteGather), ctx.dflag);
  afterOp(ctx, "gather");
}

void indexSelect(DeviceContext& ctx, const View& src, int dim, const View& index, const View& out) {
  dim = normDim(dim, src.ndim, "indexSelect");
  requireDtype(index, kInt64, "indexSelect", "index");
  require(index.ndim <= 1, "indexSelect", "index must be 1-d, got " + shapeString(index));
  requireDtype(out, src.dtype, "indexSelect", "out");
  require(out.ndim == src.ndim, "indexSelect", "out " + shapeString(out) + " must have src's dims");
  const int64_t n = index.numel();
  for (int d = 0; d < src.ndim; ++d) {
    require(out.shape[d] == (d == dim ? n : src.shape[d]), "indexSelect",
            "out " + shapeString(out) + " does not match src " + shapeString(src) + " and " + std::to_string(n) +
                " indices");
  }
  const int64_t size = src.ndim == 0 ? 1 : src.shape[dim];
  const int64_t sd = src.ndim == 0 ? 0 : src.strides[dim];
  int64_t srcStrides[kMaxViewDims] = {}, idxStrides[kMaxViewDims] = {};
  stridesWithoutDim(src, dim, srcStrides);
  if (out.ndim > 0) idxStrides[dim] = index.ndim == 1 ? index.strides[0] : 0;
  Walk<3> w = makeWalk<3>(out.ndim, out.shape, {out.strides, idxStrides, srcStrides});
  if (w.numel == 0) return;
  byElementSize<GatherOp>(src.esize(), ctx, "indexSelect", w, {out.data(), index.data(), src.data()}, sd, size, dim,
                          static_cast<int>(kIndexOutOfRange), static_cast<int>(kSiteIndexSelect), ctx.dflag);
  afterOp(ctx, "indexSelect");
}

void scatter(DeviceContext& ctx, const View& out, int dim, const View& index, const View& src, bool add) {
  const char* name = add ? "scatterAdd" : "scatter";
  dim = normDim(dim, out.ndim, name);
  checkIndexed(out, index, dim, name);
  require(src.ndim == index.ndim, name, "src " + shapeString(src) + " must have index's dims");
  for (int d = 0; d < index.ndim; ++d) {
    require(index.shape[d] <= src.shape[d], name,
            "index " + shapeString(index) + " is larger than src " + shapeString(src) + " in dim " + std::to_string(d));
  }
  requireDtype(src, out.dtype, name, "src");
  const int64_t size = out.ndim == 0 ? 1 : out.shape[dim];
  if (index.numel() == 0) return;
  int64_t outStrides[kMaxViewDims] = {};
  stridesWithoutDim(out, dim, outStrides);
  const int64_t od = out.ndim == 0 ? 0 : out.strides[dim];
  Walk<3> w = makeWalk<3>(index.ndim, index.shape, {src.strides, index.strides, outStrides});
  if (!add) {
    byElementSize<ScatterOp>(out.esize(), ctx, name, w, {src.data(), index.data(), out.data()}, od, size, dim,
                             ctx.dflag);
    afterOp(ctx, name);
    return;
  }
  std::array<int, 3> es{src.esize(), 8, out.esize()};
  std::array<char*, 3> bases{src.data(), index.data(), out.data()};
  switch (out.dtype) {
    case kFloat32:
      launchWalk<3>(ctx, name, w, 0, bases, es, ScatterAddOp<float>{{}, od, size, dim, src.dtype, ctx.dflag});
      break;
    case kFloat64:
      launchWalk<3>(ctx, name, w, 0, bases, es, ScatterAddOp<double>{{}, od, size, dim, src.dtype, ctx.dflag});
      break;
    case kInt32:
      launchWalk<3>(ctx, name, w, 0, bases, es, ScatterAddOp<int32_t>{{}, od, size, dim, src.dtype, ctx.dflag});
      break;
    case kInt64:
      launchWalk<3>(ctx, name, w, 0, bases, es, ScatterAddOp<int64_t>{{}, od, size, dim, src.dtype, ctx.dflag});
      break;
    case kBool:
      launchWalk<3>(ctx, name, w, 0, bases, es, ScatterOrOp{{}, od, size, dim, ctx.dflag});
      break;
    default: {
      // No native atomics: accumulate in a float32 (float16, bfloat16) or int32 (8/16-bit) copy of out.
      const int accDtype = out.dtype == kFloat16 || out.dtype == kBFloat16 ? kFloat32 : kInt32;
      TempBuffer tmp(ctx.index, static_cast<size_t>(out.numel()) * 4);
      View acc = contiguousView(tmp.get(), accDtype, out.ndim, out.shape);
      copy(ctx, out, acc);
      int64_t accStrides[kMaxViewDims] = {};
      stridesWithoutDim(acc, dim, accStrides);
      const int64_t ad = acc.ndim == 0 ? 0 : acc.strides[dim];
      Walk<3> wa = makeWalk<3>(index.ndim, index.shape, {src.strides, index.strides, accStrides});
      std::array<char*, 3> b2{src.data(), index.data(), acc.data()};
      std::array<int, 3> es2{src.esize(), 8, 4};
      if (accDtype == kFloat32) {
        launchWalk<3>(ctx, name, wa, 0, b2, es2, ScatterAddOp<float>{{}, ad, size, dim, src.dtype, ctx.dflag});
      } else {
        launchWalk<3>(ctx, name, wa, 0, b2, es2, ScatterAddOp<int32_t>{{}, ad, size, dim, src.dtype, ctx.dflag});
      }
      copy(ctx, acc, out);
      break;
    }
  }
  afterOp(ctx, name);
}

}  // namespace tts
