// Training-mode batch normalisation and its gradients over a contiguous [N, C, S] input, as
// PyTorch's native_batch_norm(_backward): per channel, statistics over the M = N*S elements.
//   forward:  Welford partial (count, mean, M2) per (channel, split) -> merged per channel into
//             mean and invstd = 1/sqrt(M2/M + eps) -> out = (x - mean) * invstd * w + b
//   backward: partial sums of dy and dy*xhat per (channel, split) -> per channel sums (and
//             gradWeight = sum dy*xhat, gradBias = sum dy) -> gradInput elementwise.
// Splits keep every SM busy when C is small and M large (ResNet: C = 64, M = 131072).
// float16/bfloat16/float32 accumulate in float, float64 in double; mean and invstd are float for
// float16/bfloat16 and the input's type otherwise.
#include <algorithm>

#include "allocator.h"
#include "checks.h"
#include "kernels.h"
#include "math.cuh"
#include "scalar.cuh"

namespace tts {

namespace {

constexpr int kThreads = 256;

struct Geom {
  int64_t N, C, S, M;
  int splits;
  int64_t chunk;  // elements of one channel per split
};

// Offset of the i-th element (0 <= i < M) of channel c.
__device__ __forceinline__ int64_t elementOffset(const Geom& g, int64_t c, int64_t i) {
  const int64_t n = i / g.S, s = i - n * g.S;
  return (n * g.C + c) * g.S + s;
}

template <typename A>
struct Welford {
  A n = 0, mean = 0, m2 = 0;
  __device__ void add(A x) {
    n += A(1);
    const A d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  __device__ void merge(A n2, A mean2, A m22) {
    if (n2 == A(0)) return;
    const A total = n + n2;
    const A d = mean2 - mean;
    mean += d * (n2 / total);
    m2 += m22 + d * d * (n * n2 / total);
    n = total;
  }
};

// Block (c, split): Welford over its chunk, merged across the block; writes (n, mean, m2).
template <typename T, typename A>
__global__ void __launch_bounds__(kThreads) statsPartialKernel(const char* x, Geom g, A* part) {
  const int64_t c = blockIdx.x, split = blockIdx.y;
  const int64_t begin = split * g.chunk, end = begin + g.chunk < g.M ? begin + g.chunk : g.M;
  Welford<A> w;
  for (int64_t i = begin + threadIdx.x; i < end; i += kThreads) w.add(loadAs<T>(x, elementOffset(g, c, i)));
  __shared__ A sn[kThreads], sm[kThreads], s2[kThreads];
  sn[threadIdx.x] = w.n;
  sm[threadIdx.x] = w.mean;
  s2[threadIdx.x] = w.m2;
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) {
      Welford<A> a{sn[threadIdx.x], sm[threadIdx.x], s2[threadIdx.x]};
      a.merge(sn[threadIdx.x + stride], sm[threadIdx.x + stride], s2[threadIdx.x + stride]);
      sn[threadIdx.x] = a.n;
      sm[threadIdx.x] = a.mean;
      s2[threadIdx.x] = a.m2;
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    A* p = part + (c * g.splits + split) * 3;
    p[0] = sn[0];
    p[1] = sm[0];
    p[2] = s2[0];
  }
}

// One thread per channel: merges the splits in order, writes mean and invstd.
template <typename A>
__global__ void statsFinishKernel(const A* part, Geom g, double eps, A* mean, A* invstd) {
  const int64_t c = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (c >= g.C) return;
  Welford<A> w;
  for (int s = 0; s < g.splits; s++) {
    const A* p = part + (c * g.splits + s) * 3;
    w.merge(p[0], p[1], p[2]);
  }
  mean[c] = w.mean;
  invstd[c] = A(1) / m::sqrt(w.m2 / A(g.M) + A(eps));
}

template <typename T, typename A>
__global__ void normalizeKernel(const char* x, const char* weight, const char* bias, const A* mean, const A* invstd,
                                Geom g, char* out) {
  const int64_t total = g.N * g.C * g.S;
  for (int64_t k = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; k < total;
       k += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t c = (k / g.S) % g.C;
    A v = (loadAs<T>(x, k) - mean[c]) * invstd[c];
    if (weight) v *= A(loadAs<T>(weight, c));
    if (bias) v += A(loadAs<T>(bias, c));
    storeAs<T>(out, k, v);
  }
}

// Block (c, split): sums of dy and dy * xhat over its chunk; writes the pair.
template <typename T, typename A>
__global__ void __launch_bounds__(kThreads) gradPartialKernel(const char* dy, const char* x, const A* mean,
                                                              const A* invstd, Geom g, A* part) {
  const int64_t c = blockIdx.x, split = blockIdx.y;
  const int64_t begin = split * g.chunk, end = begin + g.chunk < g.M ? begin + g.chunk : g.M;
  const A mu = mean[c], is = invstd[c];
  A sdy = 0, sdyx = 0;
  for (int64_t i = begin + threadIdx.x; i < end; i += kThreads) {
    const int64_t off = elementOffset(g, c, i);
    const A d = loadAs<T>(dy, off);
    sdy += d;
    sdyx += d * (loadAs<T>(x, off) - mu) * is;
  }
  __shared__ A a[kThreads], b[kThreads];
  a[threadIdx.x] = sdy;
  b[threadIdx.x] = sdyx;
  __syncthreads();
  for (int stride = kThreads / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) {
      a[threadIdx.x] += a[threadIdx.x + stride];
      b[threadIdx.x] += b[threadIdx.x + stride];
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    A* p = part + (c * g.splits + split) * 2;
    p[0] = a[0];
    p[1] = b[0];
  }
}

// One thread per channel: adds the splits in order; keeps the sums for gradInput and writes
// gradBias / gradWeight when asked.
template <typename T, typename A>
__global__ void gradFinishKernel(const A* part, Geom g, A* sums, char* gradWeight, char* gradBias) {
  const int64_t c = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (c >= g.C) return;
  A sdy = 0, sdyx = 0;
  for (int s = 0; s < g.splits; s++) {
    sdy += part[(c * g.splits + s) * 2];
    sdyx += part[(c * g.splits + s) * 2 + 1];
  }
  sums[2 * c] = sdy;
  sums[2 * c + 1] = sdyx;
  if (gradBias) storeAs<T>(gradBias, c, sdy);
  if (gradWeight) storeAs<T>(gradWeight, c, sdyx);
}

template <typename T, typename A>
__global__ void gradInputKernel(const char* dy, const char* x, const char* weight, const A* mean, const A* invstd,
                                const A* sums, Geom g, char* gradInput) {
  const int64_t total = g.N * g.C * g.S;
  const A M = A(g.M);
  for (int64_t k = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; k < total;
       k += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const int64_t c = (k / g.S) % g.C;
    const A is = invstd[c];
    const A xhat = (loadAs<T>(x, k) - mean[c]) * is;
    A scale = is / M;
    if (weight) scale *= A(loadAs<T>(weight, c));
    storeAs<T>(gradInput, k, scale * (M * A(loadAs<T>(dy, k)) - sums[2 * c] - xhat * sums[2 * c + 1]));
  }
}

Geom geometry(DeviceContext& ctx, const View& x) {
  Geom g{};
  g.N = x.shape[0];
  g.C = x.shape[1];
  g.S = x.shape[2];
  g.M = g.N * g.S;
  // About four blocks per SM in all, each with at least 4096 elements of its channel.
  const int64_t want = std::max<int64_t>(1, (4 * ctx.smCount + g.C - 1) / g.C);
  const int64_t most = std::max<int64_t>(1, g.M / 4096);
  g.splits = static_cast<int>(std::min<int64_t>({want, most, 1024}));
  g.chunk = (g.M + g.splits - 1) / g.splits;
  g.splits = static_cast<int>((g.M + g.chunk - 1) / g.chunk);
  return g;
}

int statDtype(int dtype) { return dtype == kFloat64 ? kFloat64 : kFloat32; }

void checkViews(const View& x, const View* others[], int n, const char* op) {
  require(x.ndim == 3 && x.contiguous(), op, "input must be a contiguous [N, C, S] tensor");
  require(isFloatingDType(x.dtype), op, std::string("not implemented for ") + dtypeNames[x.dtype]);
  for (int i = 0; i < n; i++) {
    if (others[i]) require(others[i]->contiguous(), op, "tensors must be contiguous");
  }
}

void checkChannel(const View* v, int64_t C, int dtype, const char* op, const char* name) {
  if (!v) return;
  require(v->ndim == 1 && v->shape[0] == C && v->contiguous(), op,
          std::string(name) + " must be a contiguous [" + std::to_string(C) + "] tensor");
  requireDtype(*v, dtype, op, name);
}

template <typename T>
void forward(DeviceContext& ctx, const View& x, const View* weight, const View* bias, double eps, const View& out,
             const View& mean, const View& invstd) {
  using A = typename OpMath<T>::type;
  const Geom g = geometry(ctx, x);
  TempBuffer part(ctx.index, static_cast<size_t>(g.C) * g.splits * 3 * sizeof(A));
  statsPartialKernel<T, A><<<dim3(static_cast<unsigned>(g.C), g.splits), kThreads, 0, ctx.stream>>>(x.data(), g,
                                                                                                    part.as<A>());
  checkLaunch("batchNorm");
  A* mu = reinterpret_cast<A*>(mean.data());
  A* is = reinterpret_cast<A*>(invstd.data());
  statsFinishKernel<A><<<static_cast<unsigned>((g.C + 127) / 128), 128, 0, ctx.stream>>>(part.as<A>(), g, eps, mu, is);
  checkLaunch("batchNorm");
  normalizeKernel<T, A><<<ctx.gridFor(g.N * g.C * g.S, kThreads), kThreads, 0, ctx.stream>>>(
      x.data(), weight ? weight->data() : nullptr, bias ? bias->data() : nullptr, mu, is, g, out.data());
  checkLaunch("batchNorm");
}

template <typename T>
void backward(DeviceContext& ctx, const View& dy, const View& x, const View* weight, const View& mean,
              const View& invstd, const View* gradInput, const View* gradWeight, const View* gradBias) {
  using A = typename OpMath<T>::type;
  const Geom g = geometry(ctx, x);
  const A* mu = reinterpret_cast<const A*>(mean.data());
  const A* is = reinterpret_cast<const A*>(invstd.data());
  TempBuffer part(ctx.index, static_cast<size_t>(g.C) * g.splits * 2 * sizeof(A));
  TempBuffer sums(ctx.index, static_cast<size_t>(g.C) * 2 * sizeof(A));
  gradPartialKernel<T, A><<<dim3(static_cast<unsigned>(g.C), g.splits), kThreads, 0, ctx.stream>>>(
      dy.data(), x.data(), mu, is, g, part.as<A>());
  checkLaunch("batchNormBackward");
  gradFinishKernel<T, A><<<static_cast<unsigned>((g.C + 127) / 128), 128, 0, ctx.stream>>>(
      part.as<A>(), g, sums.as<A>(), gradWeight ? gradWeight->data() : nullptr, gradBias ? gradBias->data() : nullptr);
  checkLaunch("batchNormBackward");
  if (gradInput) {
    gradInputKernel<T, A><<<ctx.gridFor(g.N * g.C * g.S, kThreads), kThreads, 0, ctx.stream>>>(
        dy.data(), x.data(), weight ? weight->data() : nullptr, mu, is, sums.as<A>(), g, gradInput->data());
    checkLaunch("batchNormBackward");
  }
}

}  // namespace

void batchNorm(DeviceContext& ctx, const View& input, const View* weight, const View* bias, double eps,
               const View& out, const View& mean, const View& invstd) {
  const char* op = "batchNorm";
  const View* all[] = {&out, &mean, &invstd};
  checkViews(input, all, 3, op);
  requireSameShape(input, out, op, "input", "out");
  requireDtype(out, input.dtype, op, "out");
  const int64_t C = input.shape[1];
  checkChannel(weight, C, input.dtype, op, "weight");
  checkChannel(bias, C, input.dtype, op, "bias");
  checkChannel(&mean, C, statDtype(input.dtype), op, "mean");
  checkChannel(&invstd, C, statDtype(input.dtype), op, "invstd");
  if (C == 0) return;
  require(input.shape[0] * input.shape[2] > 0, op, "expected more than 0 values per channel");
  switch (input.dtype) {
    case kFloat32: forward<float>(ctx, input, weight, bias, eps, out, mean, invstd); break;
    case kFloat64: forward<double>(ctx, input, weight, bias, eps, out, mean, invstd); break;
    case kFloat16: forward<__half>(ctx, input, weight, bias, eps, out, mean, invstd); break;
    default: forward<__nv_bfloat16>(ctx, input, weight, bias, eps, out, mean, invstd); break;
  }
  afterOp(ctx, op);
}

void batchNormBackward(DeviceContext& ctx, const View& gradOut, const View& input, const View* weight,
                       const View& mean, const View& invstd, const View* gradInput, const View* gradWeight,
                       const View* gradBias) {
  const char* op = "batchNormBackward";
  const View* all[] = {&gradOut, gradInput};
  checkViews(input, all, 2, op);
  requireSameShape(input, gradOut, op, "input", "gradOut");
  requireDtype(gradOut, input.dtype, op, "gradOut");
  if (gradInput) {
    requireSameShape(input, *gradInput, op, "input", "gradInput");
    requireDtype(*gradInput, input.dtype, op, "gradInput");
  }
  const int64_t C = input.shape[1];
  checkChannel(weight, C, input.dtype, op, "weight");
  checkChannel(gradWeight, C, input.dtype, op, "gradWeight");
  checkChannel(gradBias, C, input.dtype, op, "gradBias");
  checkChannel(&mean, C, statDtype(input.dtype), op, "mean");
  checkChannel(&invstd, C, statDtype(input.dtype), op, "invstd");
  if (C == 0 || input.shape[0] * input.shape[2] == 0) return;
  switch (input.dtype) {
    case kFloat32: backward<float>(ctx, gradOut, input, weight, mean, invstd, gradInput, gradWeight, gradBias); break;
    case kFloat64: backward<double>(ctx, gradOut, input, weight, mean, invstd, gradInput, gradWeight, gradBias); break;
    case kFloat16: backward<__half>(ctx, gradOut, input, weight, mean, invstd, gradInput, gradWeight, gradBias); break;
    default: backward<__nv_bfloat16>(ctx, gradOut, input, weight, mean, invstd, gradInput, gradWeight, gradBias); break;
  }
  afterOp(ctx, op);
}

}  // namespace tts
