// Max pooling with indices, as PyTorch's max_pool2d_with_indices: padding never wins, the first
// maximum wins ties, a NaN wins over everything (the last NaN of the window, in row-major order),
// and a window with nothing above -inf points at its first tap past the padding. One thread per
// output element; indices are flat positions h * W + w in the input plane (int64).
#include <algorithm>

#include "checks.h"
#include "kernels.h"
#include "math.cuh"
#include "scalar.cuh"

namespace tts {

namespace {

struct PoolGeom {
  int64_t total;  // planes * oH * oW
  int H, W, oH, oW, kH, kW, sH, sW, pH, pW, dH, dW;
};

template <typename T>
__global__ void maxPool2dKernel(const char* src, char* out, int64_t* indices, PoolGeom g) {
  using C = typename OpMath<T>::type;
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  const int64_t plane = static_cast<int64_t>(g.H) * g.W, oplane = static_cast<int64_t>(g.oH) * g.oW;
  for (int64_t e = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; e < g.total; e += step) {
    const int64_t p = e / oplane;
    const int s = static_cast<int>(e - p * oplane), oh = s / g.oW, ow = s - oh * g.oW;
    int h0 = oh * g.sH - g.pH, w0 = ow * g.sW - g.pW;
    const int h1 = min(h0 + (g.kH - 1) * g.dH + 1, g.H), w1 = min(w0 + (g.kW - 1) * g.dW + 1, g.W);
    while (h0 < 0) h0 += g.dH;
    while (w0 < 0) w0 += g.dW;
    C best = -m::infinity<C>();
    int64_t bi = static_cast<int64_t>(h0) * g.W + w0;
    const int64_t base = p * plane;
    for (int h = h0; h < h1; h += g.dH) {
      for (int w = w0; w < w1; w += g.dW) {
        const int64_t q = static_cast<int64_t>(h) * g.W + w;
        const C v = loadAs<T>(src, base + q);
        if (v > best || v != v) {
          best = v;
          bi = q;
        }
      }
    }
    storeAs<T>(out, e, best);
    indices[e] = bi;
  }
}

}  // namespace

void maxPool2d(DeviceContext& ctx, const View& src, const int kernel[2], const int stride[2], const int padding[2],
               const int dilation[2], const View& out, const View& indices) {
  const int nd = src.ndim;
  require(nd >= 2 && out.ndim == nd && indices.ndim == nd, "maxPool2d", "expects [..., H, W] tensors");
  require(src.contiguous() && out.contiguous() && indices.contiguous(), "maxPool2d", "tensors must be contiguous");
  requireDtype(out, src.dtype, "maxPool2d", "out");
  requireDtype(indices, kInt64, "maxPool2d", "indices");
  require(isFloatingDType(src.dtype), "maxPool2d",
          std::string("not implemented for ") + dtypeNames[src.dtype]);
  requireSameShape(out, indices, "maxPool2d", "out", "indices");
  for (int d = 0; d < nd - 2; ++d) require(out.shape[d] == src.shape[d], "maxPool2d", "batch dims differ");
  for (int i = 0; i < 2; ++i) {
    require(kernel[i] >= 1 && stride[i] >= 1 && dilation[i] >= 1 && padding[i] >= 0, "maxPool2d", "invalid parameters");
  }
  PoolGeom g{};
  g.H = static_cast<int>(src.shape[nd - 2]);
  g.W = static_cast<int>(src.shape[nd - 1]);
  g.oH = static_cast<int>(out.shape[nd - 2]);
  g.oW = static_cast<int>(out.shape[nd - 1]);
  g.kH = kernel[0]; g.kW = kernel[1];
  g.sH = stride[0]; g.sW = stride[1];
  g.pH = padding[0]; g.pW = padding[1];
  g.dH = dilation[0]; g.dW = dilation[1];
  g.total = out.numel();
  if (g.total == 0) return;
  const unsigned grid = ctx.gridFor(g.total, 256);
  int64_t* idx = reinterpret_cast<int64_t*>(indices.data());
  switch (src.dtype) {
    case kFloat32: maxPool2dKernel<float><<<grid, 256, 0, ctx.stream>>>(src.data(), out.data(), idx, g); break;
    case kFloat64: maxPool2dKernel<double><<<grid, 256, 0, ctx.stream>>>(src.data(), out.data(), idx, g); break;
    case kFloat16: maxPool2dKernel<__half><<<grid, 256, 0, ctx.stream>>>(src.data(), out.data(), idx, g); break;
    default: maxPool2dKernel<__nv_bfloat16><<<grid, 256, 0, ctx.stream>>>(src.data(), out.data(), idx, g); break;
  }
  checkLaunch("maxPool2d");
  afterOp(ctx, "maxPool2d");
}

}  // namespace tts
