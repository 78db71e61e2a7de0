// softmax / log-softmax along the last dim of a contiguous tensor: max (NaN-propagating), sum of
// exp(x - max), then exp(x - max) / sum or x - max - log(sum), in opmath (float for float16 and
// float32). A NaN, a +inf, or a row of -inf gives a NaN row, as the formula gives in PyTorch.
// Rows up to 1024 long take one warp each, longer rows one block each.
#include <algorithm>

#include "checks.h"
#include "kernels.h"
#include "math.cuh"
#include "scalar.cuh"

namespace tts {

namespace {

template <typename C>
__device__ __forceinline__ C maxNaN(C a, C b) {
  return a != a ? a : (b != b ? b : (b > a ? b : a));
}

template <typename C>
__device__ __forceinline__ C warpMax(C v) {
  for (int o = 16; o > 0; o >>= 1) v = maxNaN(v, __shfl_xor_sync(0xffffffffu, v, o));
  return v;
}

template <typename C>
__device__ __forceinline__ C warpSum(C v) {
  for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
  return v;
}

template <typename T>
__global__ void softmaxWarpKernel(const char* src, char* out, int64_t rows, int64_t D, bool log) {
  using C = typename OpMath<T>::type;
  const int lane = threadIdx.x % 32;
  const int64_t warps = static_cast<int64_t>(gridDim.x) * (blockDim.x / 32);
  for (int64_t r = static_cast<int64_t>(blockIdx.x) * (blockDim.x / 32) + threadIdx.x / 32; r < rows; r += warps) {
    const int64_t base = r * D;
    C mx = -m::infinity<C>();
    for (int64_t j = lane; j < D; j += 32) mx = maxNaN(mx, loadAs<T>(src, base + j));
    mx = warpMax(mx);
    C sum = C(0);
    for (int64_t j = lane; j < D; j += 32) sum += m::exp(loadAs<T>(src, base + j) - mx);
    sum = warpSum(sum);
    if (log) {
      const C ls = m::log(sum);
      for (int64_t j = lane; j < D; j += 32) storeAs<T>(out, base + j, loadAs<T>(src, base + j) - mx - ls);
    } else {
      for (int64_t j = lane; j < D; j += 32) storeAs<T>(out, base + j, m::exp(loadAs<T>(src, base + j) - mx) / sum);
    }
  }
}

template <typename T>
__global__ void __launch_bounds__(256) softmaxBlockKernel(const char* src, char* out, int64_t rows, int64_t D,
                                                          bool log) {
  using C = typename OpMath<T>::type;
  __shared__ C part[8];
  const int lane = threadIdx.x % 32, warp = threadIdx.x / 32;
  for (int64_t r = blockIdx.x; r < rows; r += gridDim.x) {
    const int64_t base = r * D;
    C mx = -m::infinity<C>();
    for (int64_t j = threadIdx.x; j < D; j += blockDim.x) mx = maxNaN(mx, loadAs<T>(src, base + j));
    mx = warpMax(mx);
    if (lane == 0) part[warp] = mx;
    __syncthreads();
    mx = part[0];
    for (int w = 1; w < 8; ++w) mx = maxNaN(mx, part[w]);
    __syncthreads();
    C sum = C(0);
    for (int64_t j = threadIdx.x; j < D; j += blockDim.x) sum += m::exp(loadAs<T>(src, base + j) - mx);
    sum = warpSum(sum);
    if (lane == 0) part[warp] = sum;
    __syncthreads();
    sum = C(0);
    for (int w = 0; w < 8; ++w) sum += part[w];
    __syncthreads();
    if (log) {
      const C ls = m::log(sum);
      for (int64_t j = threadIdx.x; j < D; j += blockDim.x) storeAs<T>(out, base + j, loadAs<T>(src, base + j) - mx - ls);
    } else {
      for (int64_t j = threadIdx.x; j < D; j += blockDim.x) {
        storeAs<T>(out, base + j, m::exp(loadAs<T>(src, base + j) - mx) / sum);
      }
    }
  }
}

template <typename T>
void launchSoftmax(DeviceContext& ctx, const View& src, const View& out, int64_t rows, int64_t D, bool log) {
  if (D <= 1024) {
    const int64_t blocks = std::min<int64_t>((rows + 7) / 8, static_cast<int64_t>(ctx.smCount) * 32);
    softmaxWarpKernel<T><<<static_cast<unsigned>(blocks), 256, 0, ctx.stream>>>(src.data(), out.data(), rows, D, log);
  } else {
    const int64_t blocks = std::min<int64_t>(rows, static_cast<int64_t>(ctx.smCount) * 16);
    softmaxBlockKernel<T><<<static_cast<unsigned>(blocks), 256, 0, ctx.stream>>>(src.data(), out.data(), rows, D, log);
  }
  checkLaunch(log ? "logSoftmax" : "softmax");
}

}  // namespace

void softmax(DeviceContext& ctx, const View& src, bool log, const View& out) {
  const char* name = log ? "logSoftmax" : "softmax";
  requireSameShape(src, out, name, "src", "out");
  requireDtype(out, src.dtype, name, "out");
  require(src.contiguous() && out.contiguous(), name, "tensors must be contiguous");
  require(isFloatingDType(src.dtype), name,
          std::string("not implemented for ") + dtypeNames[src.dtype]);
  const int64_t D = src.ndim == 0 ? 1 : src.shape[src.ndim - 1];
  const int64_t n = src.numel();
  if (n == 0 || D == 0) return;
  const int64_t rows = n / D;
  switch (src.dtype) {
    case kFloat32: launchSoftmax<float>(ctx, src, out, rows, D, log); break;
    case kFloat64: launchSoftmax<double>(ctx, src, out, rows, D, log); break;
    case kFloat16: launchSoftmax<__half>(ctx, src, out, rows, D, log); break;
    default: launchSoftmax<__nv_bfloat16>(ctx, src, out, rows, D, log); break;
  }
  afterOp(ctx, name);
}

}  // namespace tts
