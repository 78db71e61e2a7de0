// Fused optimizer steps: one grid-stride kernel per optimizer updating a parameter and its
// state in place, per element in the order of PyTorch 1.13's `_single_tensor_sgd` /
// `_single_tensor_adam(w)` (see FusedKernels.sgdStep / adamStep in core's backend.ts), in opmath
// (float for float16/bfloat16/float32, double for float64). State values are stored in the
// parameter's dtype and reloaded as stored, as the composed path keeps them.
#include "checks.h"
#include "kernels.h"
#include "math.cuh"
#include "scalar.cuh"

namespace tts {

namespace {

template <typename T>
__global__ void sgdKernel(char* param, const char* grad, char* buf, int64_t n, SgdStepParams p) {
  using C = typename OpMath<T>::type;
  const C lr = static_cast<C>(p.lr), momentum = static_cast<C>(p.momentum), wd = static_cast<C>(p.weightDecay);
  const C keep = static_cast<C>(1.0 - p.dampening);
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    const C x = loadAs<T>(param, i);
    C g = loadAs<T>(grad, i);
    if (p.maximize) g = -g;
    if (p.weightDecay != 0.0) g = g + wd * x;
    if (buf != nullptr) {
      C b = p.firstStep ? g : loadAs<T>(buf, i) * momentum + keep * g;
      storeAs<T>(buf, i, b);
      b = loadAs<T>(buf, i);  // the stored (rounded) buffer, as the composed path uses it
      g = p.nesterov ? g + momentum * b : b;
    }
    storeAs<T>(param, i, x - lr * g);
  }
}

template <typename C>
__device__ __forceinline__ C maxNaN(C a, C b) {
  return a != a ? a : (b != b ? b : (b > a ? b : a));
}

template <typename T>
__global__ void adamKernel(char* param, const char* grad, char* expAvg, char* expAvgSq, char* maxSq, int64_t n,
                           AdamStepParams p) {
  using C = typename OpMath<T>::type;
  const C beta1 = static_cast<C>(p.beta1), beta2 = static_cast<C>(p.beta2);
  const C oneMinusBeta1 = static_cast<C>(1.0 - p.beta1), oneMinusBeta2 = static_cast<C>(1.0 - p.beta2);
  const C wd = static_cast<C>(p.weightDecay), shrink = static_cast<C>(p.shrink);
  const C eps = static_cast<C>(p.eps), stepSize = static_cast<C>(p.stepSize);
  const C bc2Sqrt = static_cast<C>(p.biasCorrection2Sqrt);
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n;
       i += static_cast<int64_t>(gridDim.x) * blockDim.x) {
    C x = loadAs<T>(param, i);
    C g = loadAs<T>(grad, i);
    if (p.maximize) g = -g;
    if (p.decoupled) {
      x = x * shrink;
    } else if (p.weightDecay != 0.0) {
      g = g + wd * x;
    }
    const C m = loadAs<T>(expAvg, i) * beta1 + oneMinusBeta1 * g;
    const C v = loadAs<T>(expAvgSq, i) * beta2 + oneMinusBeta2 * g * g;
    storeAs<T>(expAvg, i, m);
    storeAs<T>(expAvgSq, i, v);
    C vs = loadAs<T>(expAvgSq, i);
    if (maxSq != nullptr) {
      vs = maxNaN(loadAs<T>(maxSq, i), vs);
      storeAs<T>(maxSq, i, vs);
      vs = loadAs<T>(maxSq, i);
    }
    const C denom = m::sqrt(vs) / bc2Sqrt + eps;
    storeAs<T>(param, i, x - stepSize * loadAs<T>(expAvg, i) / denom);
  }
}

void requireStepViews(const View* const* vs, int count, const char* op) {
  const View& p = *vs[0];
  require(isFloatingDType(p.dtype), op, std::string("not implemented for ") + dtypeNames[p.dtype]);
  for (int k = 0; k < count; ++k) {
    requireSameShape(p, *vs[k], op, "param", "state");
    requireDtype(*vs[k], p.dtype, op, "state");
    require(vs[k]->contiguous(), op, "tensors must be contiguous");
  }
}

}  // namespace

void sgdStep(DeviceContext& ctx, const View& param, const View& grad, const View* buf, const SgdStepParams& p) {
  const View* vs[3] = {&param, &grad, buf};
  requireStepViews(vs, buf ? 3 : 2, "sgdStep");
  const int64_t n = param.numel();
  if (n == 0) return;
  const unsigned blocks = ctx.gridFor(n, 256, 8);
  char* b = buf ? buf->data() : nullptr;
  switch (param.dtype) {
    case kFloat32: sgdKernel<float><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), b, n, p); break;
    case kFloat64: sgdKernel<double><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), b, n, p); break;
    case kFloat16: sgdKernel<__half><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), b, n, p); break;
    default: sgdKernel<__nv_bfloat16><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), b, n, p); break;
  }
  checkLaunch("sgdStep");
  afterOp(ctx, "sgdStep");
}

void adamStep(DeviceContext& ctx, const View& param, const View& grad, const View& expAvg, const View& expAvgSq,
              const View* maxExpAvgSq, const AdamStepParams& p) {
  const View* vs[5] = {&param, &grad, &expAvg, &expAvgSq, maxExpAvgSq};
  requireStepViews(vs, maxExpAvgSq ? 5 : 4, "adamStep");
  const int64_t n = param.numel();
  if (n == 0) return;
  const unsigned blocks = ctx.gridFor(n, 256, 8);
  char* mx = maxExpAvgSq ? maxExpAvgSq->data() : nullptr;
  switch (param.dtype) {
    case kFloat32:
      adamKernel<float><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), expAvg.data(), expAvgSq.data(), mx, n, p);
      break;
    case kFloat64:
      adamKernel<double><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), expAvg.data(), expAvgSq.data(), mx, n, p);
      break;
    case kFloat16:
      adamKernel<__half><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), expAvg.data(), expAvgSq.data(), mx, n, p);
      break;
    default:
      adamKernel<__nv_bfloat16><<<blocks, 256, 0, ctx.stream>>>(param.data(), grad.data(), expAvg.data(),
                                                                expAvgSq.data(), mx, n, p);
      break;
  }
  checkLaunch("adamStep");
  afterOp(ctx, "adamStep");
}

}  // namespace tts
