// conv2d forward and its two backward kernels as implicit GEMMs on the builtin tile
// (gemm_tile.cuh): the im2col matrix is never materialised, each tile gathers its elements
// from the input on the fly. Per group g (all tensors contiguous NCHW / OIHW):
//   forward:         out_g[Og, N*oH*oW]   = W_g[Og, Cg*kH*kW] @ col_g(x)
//   backward input:  dx_g[Cg, N*H*W]      = W_g^T[Cg, Og*kH*kW] @ gather(gradOut) (zero where no
//                    output position maps to the input position: no atomics, no col2im)
//   backward weight: dW_g[Og, Cg*kH*kW]   = gradOut_g[Og, N*oH*oW] @ col_g(x)^T, split along K
//                    (the batch) into partial sums that a second kernel adds in order.
// float16 accumulates in float32, float32 in float32, float64 in float64.
// When cuDNN can be loaded (native/cudnn.h) the three run through its convolutions instead, as
// PyTorch's do; these kernels remain for machines without it and for what it refuses.
#include <algorithm>
#include <climits>

#include "allocator.h"
#include "checks.h"
#include "cudnn.h"
#include "gemm_tile.cuh"
#include "kernels.h"

namespace tts {

namespace {

struct ConvGeom {
  int N, C, H, W, O, oH, oW, kH, kW, sH, sW, pH, pW, dH, dW, G, Cg, Og;
};

template <typename T>
struct ConvForward {
  using Acc = typename OpMath<T>::type;
  const char* x;
  const char* w;
  const char* bias;  // may be null
  int64_t biasStride;
  char* y;
  ConvGeom g;
  int grp;
  __device__ __forceinline__ Acc a(int64_t m, int64_t k) const {
    return loadAs<T>(w, (static_cast<int64_t>(grp) * g.Og + m) * (static_cast<int64_t>(g.Cg) * g.kH * g.kW) + k);
  }
  __device__ __forceinline__ Acc b(int64_t k64, int64_t n64) const {
    const int k = static_cast<int>(k64), n = static_cast<int>(n64);
    const int khw = g.kH * g.kW, c = k / khw, r = k - c * khw, kh = r / g.kW, kw = r - kh * g.kW;
    const int ohw = g.oH * g.oW, nb = n / ohw, s = n - nb * ohw, oh = s / g.oW, ow = s - oh * g.oW;
    const int ih = oh * g.sH - g.pH + kh * g.dH, iw = ow * g.sW - g.pW + kw * g.dW;
    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) return Acc(0);
    return loadAs<T>(x, ((static_cast<int64_t>(nb) * g.C + grp * g.Cg + c) * g.H + ih) * g.W + iw);
  }
  __device__ __forceinline__ void store(int64_t m, int64_t n64, Acc v) const {
    const int n = static_cast<int>(n64);
    const int o = grp * g.Og + static_cast<int>(m);
    const int ohw = g.oH * g.oW, nb = n / ohw, s = n - nb * ohw;
    if (bias) v += loadAs<T>(bias, o * biasStride);
    storeAs<T>(y, (static_cast<int64_t>(nb) * g.O + o) * ohw + s, v);
  }
  __device__ __forceinline__ ConvForward at(int group, int) const {
    ConvForward p = *this;
    p.grp = group;
    return p;
  }
};

template <typename T>
struct ConvBackwardInput {
  using Acc = typename OpMath<T>::type;
  const char* gy;
  const char* w;
  char* gx;
  ConvGeom g;
  int grp;
  __device__ __forceinline__ Acc a(int64_t m, int64_t k64) const {  // W^T: (c, (o, kh, kw))
    const int k = static_cast<int>(k64), khw = g.kH * g.kW, o = k / khw, r = k - o * khw;
    return loadAs<T>(w, ((static_cast<int64_t>(grp) * g.Og + o) * g.Cg + m) * khw + r);
  }
  __device__ __forceinline__ Acc b(int64_t k64, int64_t n64) const {
    const int k = static_cast<int>(k64), n = static_cast<int>(n64);
    const int khw = g.kH * g.kW, o = k / khw, r = k - o * khw, kh = r / g.kW, kw = r - kh * g.kW;
    const int hw = g.H * g.W, nb = n / hw, s = n - nb * hw, ih = s / g.W, iw = s - ih * g.W;
    const int th = ih + g.pH - kh * g.dH, tw = iw + g.pW - kw * g.dW;
    if (th < 0 || tw < 0 || th % g.sH != 0 || tw % g.sW != 0) return Acc(0);
    const int oh = th / g.sH, ow = tw / g.sW;
    if (oh >= g.oH || ow >= g.oW) return Acc(0);
    return loadAs<T>(gy, ((static_cast<int64_t>(nb) * g.O + grp * g.Og + o) * g.oH + oh) * g.oW + ow);
  }
  __device__ __forceinline__ void store(int64_t m, int64_t n64, Acc v) const {
    const int n = static_cast<int>(n64), hw = g.H * g.W, nb = n / hw, s = n - nb * hw;
    storeAs<T>(gx, (static_cast<int64_t>(nb) * g.C + grp * g.Cg + m) * hw + s, v);
  }
  __device__ __forceinline__ ConvBackwardInput at(int group, int) const {
    ConvBackwardInput p = *this;
    p.grp = group;
    return p;
  }
};

template <typename T>
struct ConvBackwardWeight {
  using Acc = typename OpMath<T>::type;
  const char* gy;
  const char* x;
  char* gw;   // the gradient (splits == 1)
  Acc* part;  // partial sums [splits, O, R] (splits > 1)
  ConvGeom g;
  int grp, split;
  __device__ __forceinline__ Acc a(int64_t m, int64_t k64) const {  // gradOut_g: (o, (nb, oh, ow))
    const int k = static_cast<int>(k64), ohw = g.oH * g.oW, nb = k / ohw, s = k - nb * ohw;
    return loadAs<T>(gy, (static_cast<int64_t>(nb) * g.O + grp * g.Og + m) * ohw + s);
  }
  __device__ __forceinline__ Acc b(int64_t k64, int64_t n64) const {  // col^T: ((nb, oh, ow), (c, kh, kw))
    const int k = static_cast<int>(k64), n = static_cast<int>(n64);
    const int khw = g.kH * g.kW, c = n / khw, r = n - c * khw, kh = r / g.kW, kw = r - kh * g.kW;
    const int ohw = g.oH * g.oW, nb = k / ohw, s = k - nb * ohw, oh = s / g.oW, ow = s - oh * g.oW;
    const int ih = oh * g.sH - g.pH + kh * g.dH, iw = ow * g.sW - g.pW + kw * g.dW;
    if (ih < 0 || ih >= g.H || iw < 0 || iw >= g.W) return Acc(0);
    return loadAs<T>(x, ((static_cast<int64_t>(nb) * g.C + grp * g.Cg + c) * g.H + ih) * g.W + iw);
  }
  __device__ __forceinline__ void store(int64_t m, int64_t n, Acc v) const {
    const int64_t R = static_cast<int64_t>(g.Cg) * g.kH * g.kW;
    const int64_t i = (static_cast<int64_t>(grp) * g.Og + m) * R + n;
    if (part) part[static_cast<int64_t>(split) * g.O * R + i] = v;
    else storeAs<T>(gw, i, v);
  }
  __device__ __forceinline__ ConvBackwardWeight at(int group, int s) const {
    ConvBackwardWeight p = *this;
    p.grp = group;
    p.split = s;
    return p;
  }
};

// grid.z walks (group, split) pairs; each block computes tiles of the group's GEMM over its K range.
template <class P>
__global__ void __launch_bounds__(kGemmThreads) convGemmKernel(P base, int64_t M, int64_t N, int64_t K, int G,
                                                              int splits, int64_t kChunk) {
  __shared__ GemmShared<typename P::Acc> sh;
  const int64_t tilesM = (M + kTileM - 1) / kTileM, tilesN = (N + kTileN - 1) / kTileN;
  for (int z = blockIdx.z; z < G * splits; z += gridDim.z) {
    const int grp = z % G, split = z / G;
    const P p = base.at(grp, split);
    const int64_t k0 = split * kChunk, k1 = min(K, k0 + kChunk);
    for (int64_t tn = blockIdx.y; tn < tilesN; tn += gridDim.y)
      for (int64_t tm = blockIdx.x; tm < tilesM; tm += gridDim.x) gemmTile(p, M, N, k0, k1, tm * kTileM, tn * kTileN, sh);
  }
}

template <typename T, typename Acc>
__global__ void sumPartsKernel(const Acc* part, char* out, int64_t n, int splits) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += step) {
    Acc s = Acc(0);
    for (int j = 0; j < splits; ++j) s += part[j * n + i];
    storeAs<T>(out, i, s);
  }
}

template <class P>
void launchConv(DeviceContext& ctx, const char* name, P p, int64_t M, int64_t N, int64_t K, int G, int splits,
                int64_t kChunk) {
  const int64_t tilesM = (M + kTileM - 1) / kTileM, tilesN = (N + kTileN - 1) / kTileN;
  dim3 grid(static_cast<unsigned>(std::min<int64_t>(tilesM, INT_MAX)),
            static_cast<unsigned>(std::min<int64_t>(tilesN, 65535)),
            static_cast<unsigned>(std::min<int64_t>(static_cast<int64_t>(G) * splits, 65535)));
  convGemmKernel<P><<<grid, kGemmThreads, 0, ctx.stream>>>(p, M, N, K, G, splits, kChunk);
  checkLaunch(name);
}

void requireContiguous(const View& v, const char* op, const char* name) {
  require(v.contiguous(), op, std::string(name) + " must be contiguous");
}

// Checks shapes and fills the geometry from input [N,C,H,W], weight [O,C/g,kH,kW], out [N,O,oH,oW].
ConvGeom geometry(const View& input, const View& weight, const View& out, const Conv2dParams& p, const char* op) {
  require(input.ndim == 4 && weight.ndim == 4 && out.ndim == 4, op, "expects 4-d input, weight and output");
  require(input.dtype == weight.dtype && input.dtype == out.dtype, op, "input, weight and output dtypes differ");
  require(isFloatingDType(input.dtype), op,
          std::string("not implemented for ") + dtypeNames[input.dtype]);
  requireContiguous(input, op, "input");
  requireContiguous(weight, op, "weight");
  requireContiguous(out, op, "output");
  ConvGeom g{};
  g.N = static_cast<int>(input.shape[0]);
  g.C = static_cast<int>(input.shape[1]);
  g.H = static_cast<int>(input.shape[2]);
  g.W = static_cast<int>(input.shape[3]);
  g.O = static_cast<int>(weight.shape[0]);
  g.kH = static_cast<int>(weight.shape[2]);
  g.kW = static_cast<int>(weight.shape[3]);
  g.oH = static_cast<int>(out.shape[2]);
  g.oW = static_cast<int>(out.shape[3]);
  g.sH = p.stride[0];
  g.sW = p.stride[1];
  g.pH = p.padding[0];
  g.pW = p.padding[1];
  g.dH = p.dilation[0];
  g.dW = p.dilation[1];
  g.G = p.groups;
  require(g.G >= 1 && g.C % g.G == 0 && g.O % g.G == 0, op, "channels must be divisible by groups");
  require(g.sH >= 1 && g.sW >= 1 && g.dH >= 1 && g.dW >= 1 && g.pH >= 0 && g.pW >= 0, op, "invalid parameters");
  g.Cg = g.C / g.G;
  g.Og = g.O / g.G;
  require(weight.shape[1] == g.Cg && out.shape[0] == g.N && out.shape[1] == g.O, op,
          "shapes do not match: input " + shapeString(input) + ", weight " + shapeString(weight) + ", output " +
              shapeString(out));
  const int64_t expH = (static_cast<int64_t>(g.H) + 2 * g.pH - static_cast<int64_t>(g.dH) * (g.kH - 1) - 1) / g.sH + 1;
  const int64_t expW = (static_cast<int64_t>(g.W) + 2 * g.pW - static_cast<int64_t>(g.dW) * (g.kW - 1) - 1) / g.sW + 1;
  require(expH == g.oH && expW == g.oW, op, "output size does not match the parameters");
  // Intra-tensor index math is 32-bit (the final offsets are 64-bit).
  require(static_cast<int64_t>(g.N) * g.H * g.W < INT_MAX && static_cast<int64_t>(g.N) * g.oH * g.oW < INT_MAX &&
              static_cast<int64_t>(g.O) * g.Cg * g.kH * g.kW < INT_MAX,
          op, "tensor too large for the builtin convolution");
  return g;
}

}  // namespace

void conv2d(DeviceContext& ctx, const View& input, const View& weight, const View* bias, const Conv2dParams& p,
            const View& out) {
  const ConvGeom g = geometry(input, weight, out, p, "conv2d");
  if (out.numel() == 0) return;
  const int64_t M = g.Og, N = static_cast<int64_t>(g.N) * g.oH * g.oW, K = static_cast<int64_t>(g.Cg) * g.kH * g.kW;
  const char* b = nullptr;
  int64_t bs = 0;
  if (bias) {
    requireDtype(*bias, input.dtype, "conv2d", "bias");
    require(bias->ndim == 1 && bias->shape[0] == g.O, "conv2d", "bias must be [" + std::to_string(g.O) + "]");
    b = bias->data();
    bs = bias->strides[0];
  }
  if (cudnn::convolution(ctx, cudnn::ConvKind::kForward, {&input, &weight, &out, bias}, p)) {
    afterOp(ctx, "conv2d");
    return;
  }
  switch (input.dtype) {
    case kFloat32:
      launchConv(ctx, "conv2d", ConvForward<float>{input.data(), weight.data(), b, bs, out.data(), g, 0}, M, N, K, g.G, 1, K);
      break;
    case kFloat64:
      launchConv(ctx, "conv2d", ConvForward<double>{input.data(), weight.data(), b, bs, out.data(), g, 0}, M, N, K, g.G, 1, K);
      break;
    case kFloat16:
      launchConv(ctx, "conv2d", ConvForward<__half>{input.data(), weight.data(), b, bs, out.data(), g, 0}, M, N, K, g.G, 1, K);
      break;
    default:
      launchConv(ctx, "conv2d", ConvForward<__nv_bfloat16>{input.data(), weight.data(), b, bs, out.data(), g, 0}, M, N, K,
                 g.G, 1, K);
      break;
  }
  afterOp(ctx, "conv2d");
}

void conv2dBackwardInput(DeviceContext& ctx, const View& gradOut, const View& weight, const Conv2dParams& p,
                         const View& gradInput) {
  const ConvGeom g = geometry(gradInput, weight, gradOut, p, "conv2dBackwardInput");
  if (gradInput.numel() == 0) return;
  const int64_t M = g.Cg, N = static_cast<int64_t>(g.N) * g.H * g.W, K = static_cast<int64_t>(g.Og) * g.kH * g.kW;
  if (K == 0 || gradOut.numel() == 0) {
    fill(ctx, gradInput, 0.0);
    afterOp(ctx, "conv2dBackwardInput");
    return;
  }
  if (cudnn::convolution(ctx, cudnn::ConvKind::kBackwardData, {&gradInput, &weight, &gradOut, nullptr}, p)) {
    afterOp(ctx, "conv2dBackwardInput");
    return;
  }
  switch (gradInput.dtype) {
    case kFloat32:
      launchConv(ctx, "conv2dBackwardInput",
                 ConvBackwardInput<float>{gradOut.data(), weight.data(), gradInput.data(), g, 0}, M, N, K, g.G, 1, K);
      break;
    case kFloat64:
      launchConv(ctx, "conv2dBackwardInput",
                 ConvBackwardInput<double>{gradOut.data(), weight.data(), gradInput.data(), g, 0}, M, N, K, g.G, 1, K);
      break;
    case kFloat16:
      launchConv(ctx, "conv2dBackwardInput",
                 ConvBackwardInput<__half>{gradOut.data(), weight.data(), gradInput.data(), g, 0}, M, N, K, g.G, 1, K);
      break;
    default:
      launchConv(ctx, "conv2dBackwardInput",
                 ConvBackwardInput<__nv_bfloat16>{gradOut.data(), weight.data(), gradInput.data(), g, 0}, M, N, K, g.G,
                 1, K);
      break;
  }
  afterOp(ctx, "conv2dBackwardInput");
}

template <typename T>
void backwardWeight(DeviceContext& ctx, const View& gradOut, const View& input, const ConvGeom& g,
                    const View& gradWeight) {
  using Acc = typename OpMath<T>::type;
  const int64_t M = g.Og, N = static_cast<int64_t>(g.Cg) * g.kH * g.kW, K = static_cast<int64_t>(g.N) * g.oH * g.oW;
  // Split the (long) batch dimension when the output tiles alone would leave SMs idle.
  const int64_t tiles = ((M + kTileM - 1) / kTileM) * ((N + kTileN - 1) / kTileN) * g.G;
  int64_t splits = std::min<int64_t>((2 * ctx.smCount + tiles - 1) / tiles, (K + 255) / 256);
  splits = std::max<int64_t>(1, std::min<int64_t>(splits, 256));
  const int64_t kChunk = (K + splits - 1) / splits;
  splits = (K + kChunk - 1) / kChunk;
  ConvBackwardWeight<T> p{gradOut.data(), input.data(), gradWeight.data(), nullptr, g, 0, 0};
  if (splits == 1) {
    launchConv(ctx, "conv2dBackwardWeight", p, M, N, K, g.G, 1, K);
    return;
  }
  const int64_t total = static_cast<int64_t>(g.O) * N;
  TempBuffer part(ctx.index, static_cast<size_t>(splits * total) * sizeof(Acc));
  p.part = part.as<Acc>();
  launchConv(ctx, "conv2dBackwardWeight", p, M, N, K, g.G, static_cast<int>(splits), kChunk);
  sumPartsKernel<T, Acc><<<ctx.gridFor(total, 256), 256, 0, ctx.stream>>>(part.as<Acc>(), gradWeight.data(), total,
                                                                         static_cast<int>(splits));
  checkLaunch("conv2dBackwardWeight");
}

void conv2dBackwardWeight(DeviceContext& ctx, const View& gradOut, const View& input, const Conv2dParams& p,
                          const View& gradWeight) {
  const ConvGeom g = geometry(input, gradWeight, gradOut, p, "conv2dBackwardWeight");
  if (gradWeight.numel() == 0) return;
  if (gradOut.numel() == 0) {
    fill(ctx, gradWeight, 0.0);
    afterOp(ctx, "conv2dBackwardWeight");
    return;
  }
  if (cudnn::convolution(ctx, cudnn::ConvKind::kBackwardFilter, {&input, &gradWeight, &gradOut, nullptr}, p)) {
    afterOp(ctx, "conv2dBackwardWeight");
    return;
  }
  switch (input.dtype) {
    case kFloat32: backwardWeight<float>(ctx, gradOut, input, g, gradWeight); break;
    case kFloat64: backwardWeight<double>(ctx, gradOut, input, g, gradWeight); break;
    case kFloat16: backwardWeight<__half>(ctx, gradOut, input, g, gradWeight); break;
    default: backwardWeight<__nv_bfloat16>(ctx, gradOut, input, g, gradWeight); break;
  }
  afterOp(ctx, "conv2dBackwardWeight");
}

}  // namespace tts
