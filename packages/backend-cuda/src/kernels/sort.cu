// Stable sort along one dim: values and int64 source indices. NaN sorts as the largest value
// (first when descending); equal values keep their source order in both directions.
//
// Each line is sorted by a bitonic network on (key, source index) pairs, which is stable
// because ties are broken by the index. Lines up to 2048 elements sort in shared memory, one
// block per line; longer lines sort in global memory, one launch per network stage.
#include <algorithm>
#include <climits>

#include "allocator.h"
#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"
#include "scalar.cuh"

namespace tts {

namespace {

constexpr int kSharedSortMax = 2048;
constexpr int32_t kPad = INT32_MAX;  // index of padding elements (sort after everything)

template <typename K>
__device__ __forceinline__ K loadKey(const char* p, int dt, int64_t i);
template <>
__device__ __forceinline__ float loadKey<float>(const char* p, int dt, int64_t i) {
  return dt == kFloat16 ? loadAs<__half>(p, i) : dt == kBFloat16 ? loadAs<__nv_bfloat16>(p, i) : loadAs<float>(p, i);
}
template <>
__device__ __forceinline__ double loadKey<double>(const char* p, int, int64_t i) {
  return loadAs<double>(p, i);
}
template <>
__device__ __forceinline__ int64_t loadKey<int64_t>(const char* p, int dt, int64_t i) {
  return loadInt(p, dt, i);
}

__device__ __forceinline__ void storeKey(char* p, int dt, int64_t i, float v) {
  if (dt == kFloat16) storeAs<__half>(p, i, v);
  else if (dt == kBFloat16) storeAs<__nv_bfloat16>(p, i, v);
  else storeAs<float>(p, i, v);
}
__device__ __forceinline__ void storeKey(char* p, int, int64_t i, double v) { storeAs<double>(p, i, v); }
__device__ __forceinline__ void storeKey(char* p, int dt, int64_t i, int64_t v) { storeInt(p, dt, i, v); }

// Whether (xk, xi) comes strictly before (yk, yi).
template <typename K>
__device__ __forceinline__ bool before(K xk, int32_t xi, K yk, int32_t yi, bool desc) {
  const bool xp = xi == kPad, yp = yi == kPad;
  if (xp || yp) return !xp && yp;
  const bool xn = xk != xk, yn = yk != yk;
  if (xn != yn) return desc ? xn : yn;
  if (!xn && xk != yk) return desc ? xk > yk : xk < yk;
  return xi < yi;
}

struct SortArgs {
  const char* src;
  char* values;
  char* indices;
  int dtype;
  int64_t L, P, lines;
  int64_t sd, vd, xd;  // strides along dim
  bool desc;
};

// Offsets of a line's first element: off[0] values, off[1] indices, off[2] src.
template <typename K>
__global__ void sharedSortKernel(SortArgs a, Indexer<3> ix) {
  extern __shared__ __align__(16) unsigned char smem[];
  K* keys = reinterpret_cast<K*>(smem);
  int32_t* idx = reinterpret_cast<int32_t*>(keys + a.P);
  const int P = static_cast<int>(a.P), L = static_cast<int>(a.L);
  for (int64_t line = blockIdx.x; line < a.lines; line += gridDim.x) {
    int64_t off[3];
    ix.offsets(line, off);
    for (int i = threadIdx.x; i < P; i += blockDim.x) {
      if (i < L) {
        keys[i] = loadKey<K>(a.src, a.dtype, off[2] + i * a.sd);
        idx[i] = i;
      } else {
        keys[i] = K(0);
        idx[i] = kPad;
      }
    }
    __syncthreads();
    for (int k = 2; k <= P; k <<= 1) {
      for (int j = k >> 1; j > 0; j >>= 1) {
        for (int i = threadIdx.x; i < P; i += blockDim.x) {
          const int l = i ^ j;
          if (l > i) {
            const bool up = (i & k) == 0;
            const K ki = keys[i], kl = keys[l];
            const int32_t ii = idx[i], il = idx[l];
            if (up ? before(kl, il, ki, ii, a.desc) : before(ki, ii, kl, il, a.desc)) {
              keys[i] = kl;
              keys[l] = ki;
              idx[i] = il;
              idx[l] = ii;
            }
          }
        }
        __syncthreads();
      }
    }
    for (int i = threadIdx.x; i < L; i += blockDim.x) {
      storeKey(a.values, a.dtype, off[0] + i * a.vd, keys[i]);
      reinterpret_cast<int64_t*>(a.indices)[off[1] + i * a.xd] = idx[i];
    }
    __syncthreads();
  }
}

template <typename K>
__global__ void globalInitKernel(SortArgs a, Indexer<3> ix, K* keys, int32_t* idx) {
  const int64_t n = a.lines * a.P, step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t e = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; e < n; e += step) {
    const int64_t line = e / a.P, i = e - line * a.P;
    if (i < a.L) {
      int64_t off[3];
      ix.offsets(line, off);
      keys[e] = loadKey<K>(a.src, a.dtype, off[2] + i * a.sd);
      idx[e] = static_cast<int32_t>(i);
    } else {
      keys[e] = K(0);
      idx[e] = kPad;
    }
  }
}

template <typename K>
__global__ void globalStepKernel(SortArgs a, K* keys, int32_t* idx, int64_t k, int64_t j) {
  const int64_t n = a.lines * a.P, step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t e = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; e < n; e += step) {
    const int64_t i = e % a.P;
    const int64_t l = i ^ j;
    if (l <= i) continue;
    const int64_t el = e - i + l;
    const bool up = (i & k) == 0;
    const K ki = keys[e], kl = keys[el];
    const int32_t ii = idx[e], il = idx[el];
    if (up ? before(kl, il, ki, ii, a.desc) : before(ki, ii, kl, il, a.desc)) {
      keys[e] = kl;
      keys[el] = ki;
      idx[e] = il;
      idx[el] = ii;
    }
  }
}

template <typename K>
__global__ void globalWriteKernel(SortArgs a, Indexer<3> ix, const K* keys, const int32_t* idx) {
  const int64_t n = a.lines * a.L, step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t e = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; e < n; e += step) {
    const int64_t line = e / a.L, i = e - line * a.L;
    int64_t off[3];
    ix.offsets(line, off);
    storeKey(a.values, a.dtype, off[0] + i * a.vd, keys[line * a.P + i]);
    reinterpret_cast<int64_t*>(a.indices)[off[1] + i * a.xd] = idx[line * a.P + i];
  }
}

template <typename K>
void launchSort(DeviceContext& ctx, SortArgs a, const Indexer<3>& ix) {
  if (a.P <= kSharedSortMax) {
    const int threads = static_cast<int>(std::max<int64_t>(32, std::min<int64_t>(1024, a.P / 2)));
    const size_t shared = static_cast<size_t>(a.P) * (sizeof(K) + sizeof(int32_t));
    const unsigned blocks = static_cast<unsigned>(std::min<int64_t>(a.lines, static_cast<int64_t>(ctx.smCount) * 32));
    sharedSortKernel<K><<<blocks, threads, shared, ctx.stream>>>(a, ix);
    checkLaunch("sort");
    return;
  }
  const int64_t n = a.lines * a.P;
  TempBuffer keys(ctx.index, static_cast<size_t>(n) * sizeof(K));
  TempBuffer idx(ctx.index, static_cast<size_t>(n) * sizeof(int32_t));
  const unsigned grid = ctx.gridFor(n, 256);
  globalInitKernel<K><<<grid, 256, 0, ctx.stream>>>(a, ix, keys.as<K>(), idx.as<int32_t>());
  checkLaunch("sort");
  for (int64_t k = 2; k <= a.P; k <<= 1) {
    for (int64_t j = k >> 1; j > 0; j >>= 1) {
      globalStepKernel<K><<<grid, 256, 0, ctx.stream>>>(a, keys.as<K>(), idx.as<int32_t>(), k, j);
      checkLaunch("sort");
    }
  }
  globalWriteKernel<K><<<ctx.gridFor(a.lines * a.L, 256), 256, 0, ctx.stream>>>(a, ix, keys.as<K>(), idx.as<int32_t>());
  checkLaunch("sort");
}

}  // namespace

void sort(DeviceContext& ctx, const View& src, int dim, bool descending, const View& values, const View& indices) {
  requireSameShape(src, values, "sort", "src", "values");
  requireSameShape(src, indices, "sort", "src", "indices");
  requireDtype(values, src.dtype, "sort", "values");
  requireDtype(indices, kInt64, "sort", "indices");
  if (src.numel() == 0) return;
  if (src.ndim == 0) {
    copy(ctx, src, values);
    fill(ctx, indices, 0.0);
    return;
  }
  dim = normDim(dim, src.ndim, "sort");
  SortArgs a{};
  a.src = src.data();
  a.values = values.data();
  a.indices = indices.data();
  a.dtype = src.dtype;
  a.L = src.shape[dim];
  require(a.L < INT32_MAX, "sort", "lines longer than 2^31 - 1 elements are not supported");
  a.P = 1;
  while (a.P < a.L) a.P <<= 1;
  a.sd = src.strides[dim];
  a.vd = values.strides[dim];
  a.xd = indices.strides[dim];
  a.desc = descending;
  int64_t slice[kMaxViewDims];
  for (int d = 0; d < src.ndim; ++d) slice[d] = d == dim ? 1 : src.shape[d];
  Walk<3> w = makeWalk<3>(src.ndim, slice, {values.strides, indices.strides, src.strides});
  require(w.ndim <= kMaxDims, "sort", "too many dims after coalescing (at most 8 besides dim)");
  Indexer<3> ix{};
  ix.ndim = w.ndim > 0 ? w.ndim : 1;
  ix.sizes[0] = 1;
  for (int d = 0; d < w.ndim; ++d) {
    ix.sizes[d] = w.sizes[d];
    for (int k = 0; k < 3; ++k) ix.strides[d][k] = w.strides[d][k];
  }
  a.lines = w.numel;
  ix.small = a.lines < (int64_t(1) << 31);
  switch (src.dtype) {
    case kFloat32: case kFloat16: case kBFloat16: launchSort<float>(ctx, a, ix); break;
    case kFloat64: launchSort<double>(ctx, a, ix); break;
    default: launchSort<int64_t>(ctx, a, ix); break;
  }
  afterOp(ctx, "sort");
}

}  // namespace tts
