// On-device random fills with Philox4x32-10, following exactly the recipe of core's
// random/philox.ts (the specification and test oracle): block j of a fill is the Philox output
// for counter [lo32(offset/4 + j), hi32(offset/4 + j), 0, 0] and key [lo32(seed), hi32(seed)];
// element i takes `w` words from word w*i (w = 2 for float64 uniform/normal, else 1). One
// thread per block of four words, grid-stride. Arithmetic uses explicit round-to-nearest
// intrinsics (no FMA contraction), so uniform and bernoulli match the oracle bit for bit;
// normal differs only by the log/sin/cos of the math library (a few ulps).
#include "checks.h"
#include "kernels.h"
#include "scalar.cuh"

namespace tts {

namespace {

constexpr uint32_t kM0 = 0xD2511F53u, kM1 = 0xCD9E8D57u, kW0 = 0x9E3779B9u, kW1 = 0xBB67AE85u;

__device__ __forceinline__ uint4 philox4x32_10(uint4 c, uint32_t k0, uint32_t k1) {
#pragma unroll
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      k0 += kW0;
      k1 += kW1;
    }
    const uint32_t hi0 = __umulhi(kM0, c.x), lo0 = kM0 * c.x;
    const uint32_t hi1 = __umulhi(kM1, c.z), lo1 = kM1 * c.z;
    c = make_uint4(hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0);
  }
  return c;
}

__device__ __forceinline__ float u24(uint32_t x) { return static_cast<float>(x >> 8) * 0x1p-24f; }
__device__ __forceinline__ double u53(uint32_t x, uint32_t y) {
  return static_cast<double>((static_cast<uint64_t>(x >> 5) << 26) | (y >> 6)) * 0x1p-53;
}

// Stores a float64 value rounded once to T (through float for the 16-bit types, as the oracle).
template <typename T>
__device__ __forceinline__ void storeRounded(char* out, int64_t i, double v) {
  storeAs<T>(out, i, static_cast<typename OpMath<T>::type>(v));
}

// Box-Muller: the first or second normal of a pair, with mean a and std b, in float64.
__device__ __forceinline__ double boxMuller(double u1, double u2, bool second, double a, double b) {
  const double r = sqrt(__dmul_rn(-2.0, log(u1)));
  const double t = __dmul_rn(__dmul_rn(2.0, 3.141592653589793), u2);
  double s, c;
  sincos(t, &s, &c);
  const double z = __dmul_rn(r, second ? s : c);
  return __dadd_rn(a, __dmul_rn(b, z));
}

template <typename T>
__global__ void uniformKernel(char* out, int64_t n, int64_t blocks, RandomParams p) {
  const float lo = static_cast<float>(p.a), range = __fsub_rn(static_cast<float>(p.b), lo);
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; j < blocks;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const uint64_t ctr = p.baseBlock + static_cast<uint64_t>(j);
    const uint4 w = philox4x32_10(make_uint4(static_cast<uint32_t>(ctr), static_cast<uint32_t>(ctr >> 32), 0u, 0u),
                                  p.seedLo, p.seedHi);
    const uint32_t words[4] = {w.x, w.y, w.z, w.w};
#pragma unroll
    for (int l = 0; l < 4; ++l) {
      const int64_t i = 4 * j + l;
      if (i < n) storeAs<T>(out, i, static_cast<typename OpMath<T>::type>(__fadd_rn(__fmul_rn(u24(words[l]), range), lo)));
    }
  }
}

__global__ void uniformKernel64(char* out, int64_t n, int64_t blocks, RandomParams p) {
  const double range = p.b - p.a;
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; j < blocks;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const uint64_t ctr = p.baseBlock + static_cast<uint64_t>(j);
    const uint4 w = philox4x32_10(make_uint4(static_cast<uint32_t>(ctr), static_cast<uint32_t>(ctr >> 32), 0u, 0u),
                                  p.seedLo, p.seedHi);
    double* o = reinterpret_cast<double*>(out);
    if (2 * j < n) o[2 * j] = __dadd_rn(__dmul_rn(u53(w.x, w.y), range), p.a);
    if (2 * j + 1 < n) o[2 * j + 1] = __dadd_rn(__dmul_rn(u53(w.z, w.w), range), p.a);
  }
}

template <typename T>
__global__ void normalKernel(char* out, int64_t n, int64_t blocks, RandomParams p) {
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; j < blocks;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const uint64_t ctr = p.baseBlock + static_cast<uint64_t>(j);
    const uint4 w = philox4x32_10(make_uint4(static_cast<uint32_t>(ctr), static_cast<uint32_t>(ctr >> 32), 0u, 0u),
                                  p.seedLo, p.seedHi);
    if (sizeof(T) == 8) {
      // One pair per block: two 53-bit uniforms.
      const double u1 = u53(w.x, w.y) + 0x1p-53, u2 = u53(w.z, w.w);
      if (2 * j < n) storeRounded<T>(out, 2 * j, boxMuller(u1, u2, false, p.a, p.b));
      if (2 * j + 1 < n) storeRounded<T>(out, 2 * j + 1, boxMuller(u1, u2, true, p.a, p.b));
    } else {
      const uint32_t words[4] = {w.x, w.y, w.z, w.w};
#pragma unroll
      for (int pair = 0; pair < 2; ++pair) {
        const double u1 = static_cast<double>((words[2 * pair] >> 8) + 1u) * 0x1p-24;
        const double u2 = static_cast<double>(words[2 * pair + 1] >> 8) * 0x1p-24;
        const int64_t i = 4 * j + 2 * pair;
        if (i < n) storeRounded<T>(out, i, boxMuller(u1, u2, false, p.a, p.b));
        if (i + 1 < n) storeRounded<T>(out, i + 1, boxMuller(u1, u2, true, p.a, p.b));
      }
    }
  }
}

__global__ void bernoulliKernel(char* out, int dtype, int64_t n, int64_t blocks, RandomParams p) {
  for (int64_t j = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; j < blocks;
       j += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const uint64_t ctr = p.baseBlock + static_cast<uint64_t>(j);
    const uint4 w = philox4x32_10(make_uint4(static_cast<uint32_t>(ctr), static_cast<uint32_t>(ctr >> 32), 0u, 0u),
                                  p.seedLo, p.seedHi);
    const uint32_t words[4] = {w.x, w.y, w.z, w.w};
#pragma unroll
    for (int l = 0; l < 4; ++l) {
      const int64_t i = 4 * j + l;
      if (i < n) storeScalar(out, dtype, i, intScalar(static_cast<double>(u24(words[l])) < p.a ? 1 : 0));
    }
  }
}

}  // namespace

void randomFill(DeviceContext& ctx, int kind, const View& out, const RandomParams& p) {
  require(out.contiguous(), "random", "out must be contiguous");
  require(kind >= 0 && kind <= 2, "random", "unknown kind");
  if (kind != kRandomBernoulli) {
    require(isFloatingDType(out.dtype), "random", std::string("not implemented for ") + dtypeNames[out.dtype]);
  }
  const int64_t n = out.numel();
  if (n == 0) return;
  const int wpe = kind != kRandomBernoulli && out.dtype == kFloat64 ? 2 : 1;
  const int64_t blocks = (wpe * n + 3) / 4;
  const unsigned grid = ctx.gridFor(blocks, 256, 8);
  char* o = out.data();
  if (kind == kRandomBernoulli) {
    bernoulliKernel<<<grid, 256, 0, ctx.stream>>>(o, out.dtype, n, blocks, p);
  } else if (kind == kRandomUniform) {
    switch (out.dtype) {
      case kFloat64: uniformKernel64<<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
      case kFloat32: uniformKernel<float><<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
      case kFloat16: uniformKernel<__half><<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
      default: uniformKernel<__nv_bfloat16><<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
    }
  } else {
    switch (out.dtype) {
      case kFloat64: normalKernel<double><<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
      case kFloat32: normalKernel<float><<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
      case kFloat16: normalKernel<__half><<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
      default: normalKernel<__nv_bfloat16><<<grid, 256, 0, ctx.stream>>>(o, n, blocks, p); break;
    }
  }
  checkLaunch("random");
  afterOp(ctx, "random");
}

}  // namespace tts
