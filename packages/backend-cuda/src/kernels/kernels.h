// Host entry points of the kernels, one op family a file (src/kernels/<family>.cu). Each takes
// the device context and parsed views, checks what it needs, enqueues its kernels on the
// device's stream and returns; errors are thrown as tts::Error.
#pragma once

#include "common.h"
#include "device.h"

namespace tts {

// fill.cu: every element of `out` = value (converted as copy_ converts a float64).
void fill(DeviceContext& ctx, const View& out, double value);

// copy.cu: out = src (same shape), converting dtypes as copy_.
void copy(DeviceContext& ctx, const View& src, const View& out);

// unary.cu: out = op(src); bool output for logicalNot/isnan/isinf/isfinite.
void unary(DeviceContext& ctx, int op, const View& src, const View& out);

// clamp.cu: out = clamp(src, min, max); a missing bound is passed as has* = false.
void clamp(DeviceContext& ctx, const View& src, bool hasMin, double min, bool hasMax, double max, const View& out);

// binary.cu: out = op(a, b), a and b broadcast to out's shape; binaryScalar: out = op(a, scalar)
// (op(scalar, a) when `first`), the scalar a value of a's dtype.
void binary(DeviceContext& ctx, int op, const View& a, const View& b, const View& out);
void binaryScalar(DeviceContext& ctx, int op, const View& a, double scalar, bool first, const View& out);

// where.cu: out = cond ? a : b.
void where(DeviceContext& ctx, const View& cond, const View& a, const View& b, const View& out);

// reduce.cu: reduces src over `dims` into out (src's shape with those dims set to 1).
void reduce(DeviceContext& ctx, int op, const View& src, const int* dims, int ndims, const View& out);

// matmul.cu: batched out[..., M, N] = a[..., M, K] @ b[..., K, N] (cuBLAS when loaded).
void matmul(DeviceContext& ctx, const View& a, const View& b, const View& out);

// indexing.cu: gather, scatter / scatterAdd (in place on out), indexSelect.
void gather(DeviceContext& ctx, const View& src, int dim, const View& index, const View& out);
void scatter(DeviceContext& ctx, const View& out, int dim, const View& index, const View& src, bool add);
void indexSelect(DeviceContext& ctx, const View& src, int dim, const View& index, const View& out);

// cumulative.cu: inclusive cumsum (prod = false) or cumprod along dim.
void cumulative(DeviceContext& ctx, bool prod, const View& src, int dim, const View& out);

// sort.cu: stable sort along dim, NaN largest; int64 indices.
void sort(DeviceContext& ctx, const View& src, int dim, bool descending, const View& values, const View& indices);

struct Conv2dParams {
  int stride[2];
  int padding[2];
  int dilation[2];
  int groups;
};

// conv2d.cu: implicit-GEMM convolution and its two backward kernels (contiguous NCHW).
void conv2d(DeviceContext& ctx, const View& input, const View& weight, const View* bias, const Conv2dParams& p,
            const View& out);
void conv2dBackwardInput(DeviceContext& ctx, const View& gradOut, const View& weight, const Conv2dParams& p,
                         const View& gradInput);
void conv2dBackwardWeight(DeviceContext& ctx, const View& gradOut, const View& input, const Conv2dParams& p,
                          const View& gradWeight);

// max_pool2d.cu: max pooling with int64 flat indices into H*W (contiguous [..., H, W]).
void maxPool2d(DeviceContext& ctx, const View& src, const int kernel[2], const int stride[2], const int padding[2],
               const int dilation[2], const View& out, const View& indices);

// batch_norm.cu: training-mode batch norm over a contiguous [N, C, S] input (per-channel mean
// and invstd = 1/sqrt(biased var + eps), float for float16/bfloat16 inputs) and its gradients
// (a null output is not computed).
void batchNorm(DeviceContext& ctx, const View& input, const View* weight, const View* bias, double eps,
               const View& out, const View& mean, const View& invstd);
void batchNormBackward(DeviceContext& ctx, const View& gradOut, const View& input, const View* weight,
                       const View& mean, const View& invstd, const View* gradInput, const View* gradWeight,
                       const View* gradBias);

// softmax.cu: softmax / log-softmax along the last dim of a contiguous tensor.
void softmax(DeviceContext& ctx, const View& src, bool log, const View& out);

// optimizer.cu: fused SGD and Adam/AdamW steps, in place on contiguous views of one float dtype
// (core's FusedKernels.sgdStep / adamStep). Host-computed scalars come in the params.
struct SgdStepParams {
  double lr, momentum, dampening, weightDecay;
  bool nesterov, maximize, firstStep;
};
struct AdamStepParams {
  double lr, beta1, beta2, eps, weightDecay;
  double shrink;               // 1 - lr * weightDecay (decoupled only)
  double stepSize;             // lr / (1 - beta1^step)
  double biasCorrection2Sqrt;  // sqrt(1 - beta2^step)
  bool decoupled, amsgrad, maximize;
};
void sgdStep(DeviceContext& ctx, const View& param, const View& grad, const View* buf, const SgdStepParams& p);
void adamStep(DeviceContext& ctx, const View& param, const View& grad, const View& expAvg, const View& expAvgSq,
              const View* maxExpAvgSq, const AdamStepParams& p);

// random.cu: Philox4x32-10 fills of a contiguous view (core's FusedKernels.random; the recipe
// is core's random/philox.ts).
enum RandomKind : int { kRandomUniform = 0, kRandomNormal = 1, kRandomBernoulli = 2 };
struct RandomParams {
  uint32_t seedLo, seedHi;
  uint64_t baseBlock;  // offset / 4
  double a, b;
};
void randomFill(DeviceContext& ctx, int kind, const View& out, const RandomParams& p);

}  // namespace tts
