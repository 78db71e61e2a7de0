// The elementwise machinery shared by fill, copy, unary, clamp, binary, where and the indexing
// kernels: N same-shaped strided operands are walked by one grid-stride loop whose linear index
// is turned into one offset per operand by an Indexer (shape and strides passed by value in a
// small struct, at most kMaxDims dims after coalescing).
//
// On the host, makeWalk drops size-1 dims, orders dims by operand 0's strides (the output, so
// that writes are coalesced) and merges dims that are contiguous in every operand: contiguous
// tensors become one dim and need no division at all. A walk with more than kMaxDims dims is
// split on the host along its outer dims.
#pragma once

#include <array>
#include <cstdlib>

#include "common.h"
#include "device.h"

namespace tts {

template <int N>
struct Indexer {
  int ndim;
  bool small;  // every linear index fits in 31 bits: use 32-bit division
  int64_t sizes[kMaxDims];
  int64_t strides[kMaxDims][N];

  __device__ __forceinline__ void offsets(int64_t i, int64_t (&off)[N]) const {
#pragma unroll
    for (int k = 0; k < N; ++k) off[k] = 0;
    if (ndim == 1) {
#pragma unroll
      for (int k = 0; k < N; ++k) off[k] = i * strides[0][k];
      return;
    }
    if (small) {
      uint32_t li = static_cast<uint32_t>(i);
      for (int d = ndim - 1; d >= 0; --d) {
        uint32_t s = static_cast<uint32_t>(sizes[d]);
        uint32_t q = li / s;
        int64_t r = static_cast<int64_t>(li - q * s);
        li = q;
#pragma unroll
        for (int k = 0; k < N; ++k) off[k] += r * strides[d][k];
      }
    } else {
      for (int d = ndim - 1; d >= 0; --d) {
        int64_t q = i / sizes[d];
        int64_t r = i - q * sizes[d];
        i = q;
#pragma unroll
        for (int k = 0; k < N; ++k) off[k] += r * strides[d][k];
      }
    }
  }
};

// A coalesced walk over N operands (host side).
template <int N>
struct Walk {
  int ndim = 0;
  int64_t numel = 1;
  int64_t sizes[kMaxViewDims] = {};
  int64_t strides[kMaxViewDims][N] = {};
};

template <int N>
Walk<N> makeWalk(int ndim, const int64_t* shape, const std::array<const int64_t*, N>& strides) {
  Walk<N> w;
  int dims[kMaxViewDims];
  int nd = 0;
  for (int d = 0; d < ndim; ++d) {
    w.numel *= shape[d];
    if (shape[d] != 1) dims[nd++] = d;
  }
  if (w.numel == 0) {
    w.ndim = 0;
    return w;
  }
  // Stable insertion sort: larger |stride| of operand 0 outer.
  for (int i = 1; i < nd; ++i) {
    int d = dims[i];
    int64_t key = std::llabs(strides[0][d]);
    int j = i - 1;
    while (j >= 0 && std::llabs(strides[0][dims[j]]) < key) {
      dims[j + 1] = dims[j];
      --j;
    }
    dims[j + 1] = d;
  }
  // Merge from the innermost dim outward (built reversed, then flipped).
  int64_t rs[kMaxViewDims];
  int64_t rst[kMaxViewDims][N];
  int m = 0;
  for (int i = nd - 1; i >= 0; --i) {
    int d = dims[i];
    if (m > 0) {
      bool merge = true;
      for (int k = 0; k < N; ++k) {
        if (strides[k][d] != rst[m - 1][k] * rs[m - 1]) {
          merge = false;
          break;
        }
      }
      if (merge) {
        rs[m - 1] *= shape[d];
        continue;
      }
    }
    rs[m] = shape[d];
    for (int k = 0; k < N; ++k) rst[m][k] = strides[k][d];
    ++m;
  }
  w.ndim = m;
  for (int i = 0; i < m; ++i) {
    w.sizes[i] = rs[m - 1 - i];
    for (int k = 0; k < N; ++k) w.strides[i][k] = rst[m - 1 - i][k];
  }
  return w;
}

// A walk over views that share views[0]'s shape (views[0] orders the walk).
template <int N>
Walk<N> walkOf(const std::array<const View*, N>& views) {
  std::array<const int64_t*, N> strides;
  for (int k = 0; k < N; ++k) strides[k] = views[k]->strides;
  return makeWalk<N>(views[0]->ndim, views[0]->shape, strides);
}

template <int N, class Op>
__global__ void __launch_bounds__(256) elementwiseKernel(int64_t n, Indexer<N> ix, Op op) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    int64_t off[N];
    ix.offsets(i, off);
    op(off);
  }
}

// Launches `op` over the walk: op.p[k] is set to operand k's base address (bytes) before each
// launch. `from` is the first walk dim of this launch (dims before it were fixed by the caller).
template <int N, class Op>
void launchWalk(DeviceContext& ctx, const char* name, const Walk<N>& w, int from, std::array<char*, N> bases,
                const std::array<int, N>& esizes, Op op) {
  int nd = w.ndim - from;
  if (nd > kMaxDims) {
    // Too many dims for the kernel's struct: loop over the outermost one here.
    for (int64_t j = 0; j < w.sizes[from]; ++j) {
      std::array<char*, N> b = bases;
      for (int k = 0; k < N; ++k) b[k] += j * w.strides[from][k] * esizes[k];
      launchWalk<N, Op>(ctx, name, w, from + 1, b, esizes, op);
    }
    return;
  }
  Indexer<N> ix{};
  int64_t n = 1;
  ix.ndim = nd;
  for (int d = 0; d < nd; ++d) {
    ix.sizes[d] = w.sizes[from + d];
    n *= ix.sizes[d];
    for (int k = 0; k < N; ++k) ix.strides[d][k] = w.strides[from + d][k];
  }
  if (nd == 0) {
    ix.ndim = 1;
    ix.sizes[0] = 1;
  }
  if (n == 0) return;
  ix.small = n < (int64_t(1) << 31);
  for (int k = 0; k < N; ++k) op.p[k] = bases[k];
  const int threads = 256;
  elementwiseKernel<N, Op><<<ctx.gridFor(n, threads), threads, 0, ctx.stream>>>(n, ix, op);
  checkLaunch(name);
}

// Runs `op` over same-shaped views (views[0] is the output); nothing for 0 elements.
template <int N, class Op>
void runElementwise(DeviceContext& ctx, const char* name, const std::array<const View*, N>& views, Op op) {
  Walk<N> w = walkOf<N>(views);
  if (w.numel == 0) return;
  std::array<char*, N> bases;
  std::array<int, N> esizes;
  for (int k = 0; k < N; ++k) {
    bases[k] = views[k]->data();
    esizes[k] = views[k]->esize();
  }
  launchWalk<N, Op>(ctx, name, w, 0, bases, esizes, op);
}

}  // namespace tts
