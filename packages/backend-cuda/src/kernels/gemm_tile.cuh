// The builtin tiled GEMM, shared by matmul (when cuBLAS is not loaded, and for integers) and
// the implicit-GEMM convolutions: a 256-thread block computes a 64x64 tile of C = A B, 4x4
// outputs per thread, staging 64x16 of A and 16x64 of B in shared memory per step of K. Where the
// elements come from and where results go is the problem's business (`P`):
//   Acc a(m, k), Acc b(k, n)  loads (only called in bounds),  void store(m, n, Acc)
// so convolutions gather im2col elements on the fly and never materialise them.
// Simple rather than fast: the GPU session measures it against cuBLAS and tunes.
#pragma once

#include <cstdint>

#include "scalar.cuh"

namespace tts {

constexpr int kTileM = 64;
constexpr int kTileN = 64;
constexpr int kTileK = 16;
constexpr int kGemmThreads = 256;

template <typename Acc>
struct GemmShared {
  Acc a[kTileK][kTileM + 1];  // +1: the k-fastest stores of A would hit one bank otherwise
  Acc b[kTileK][kTileN];
};

template <typename Acc>
__device__ __forceinline__ Acc multiplyAdd(Acc acc, Acc a, Acc b) {
  return acc + a * b;
}
template <>
__device__ __forceinline__ int64_t multiplyAdd<int64_t>(int64_t acc, int64_t a, int64_t b) {
  return wrapAdd(acc, wrapMul(a, b));
}

// One 64x64 tile of C at (m0, n0), summing k over [k0, k1).
template <typename Acc, class P>
__device__ __forceinline__ void gemmTile(const P& p, int64_t M, int64_t N, int64_t k0, int64_t k1, int64_t m0,
                                         int64_t n0, GemmShared<Acc>& sh) {
  const int t = threadIdx.x;
  const int tx = t % 16, ty = t / 16;
  Acc acc[4][4];
#pragma unroll
  for (int i = 0; i < 4; ++i)
#pragma unroll
    for (int j = 0; j < 4; ++j) acc[i][j] = Acc(0);

  for (int64_t kb = k0; kb < k1; kb += kTileK) {
#pragma unroll
    for (int l = 0; l < 4; ++l) {
      const int e = t + l * kGemmThreads;
      {
        const int mm = e / kTileK, kk = e % kTileK;  // A: k fastest
        const int64_t m = m0 + mm, k = kb + kk;
        sh.a[kk][mm] = (m < M && k < k1) ? p.a(m, k) : Acc(0);
      }
      {
        const int kk = e / kTileN, nn = e % kTileN;  // B: n fastest
        const int64_t k = kb + kk, n = n0 + nn;
        sh.b[kk][nn] = (k < k1 && n < N) ? p.b(k, n) : Acc(0);
      }
    }
    __syncthreads();
#pragma unroll
    for (int kk = 0; kk < kTileK; ++kk) {
      Acc av[4], bv[4];
#pragma unroll
      for (int i = 0; i < 4; ++i) av[i] = sh.a[kk][ty + 16 * i];
#pragma unroll
      for (int j = 0; j < 4; ++j) bv[j] = sh.b[kk][tx + 16 * j];
#pragma unroll
      for (int i = 0; i < 4; ++i)
#pragma unroll
        for (int j = 0; j < 4; ++j) acc[i][j] = multiplyAdd(acc[i][j], av[i], bv[j]);
    }
    __syncthreads();
  }
#pragma unroll
  for (int i = 0; i < 4; ++i) {
    const int64_t m = m0 + ty + 16 * i;
#pragma unroll
    for (int j = 0; j < 4; ++j) {
      const int64_t n = n0 + tx + 16 * j;
      if (m < M && n < N) p.store(m, n, acc[i][j]);
    }
  }
}

}  // namespace tts
