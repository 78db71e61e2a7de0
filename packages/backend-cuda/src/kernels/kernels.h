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

// binary.cu: out = op(a, b), a and b broadcast to out's shape.
void binary(DeviceContext& ctx, int op, const View& a, const View& b, const View& out);

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

// softmax.cu: softmax / log-softmax along the last dim of a contiguous tensor.
void softmax(DeviceContext& ctx, const View& src, bool log, const View& out);

}  // namespace tts
