// cumsum / cumprod along one dim. Many short lines: one thread scans a line (consecutive threads
// own neighbouring lines). Long lines: a block scans a line in chunks of 256 with a running
// carry. Floats accumulate in opmath (float for float16/float32), integers and bool in int64
// (wrapping products) into an int64 output.
#include <algorithm>

#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"
#include "scalar.cuh"

namespace tts {

namespace {

constexpr int kScanThreads = 256;

// Sum and product share a type and branch on a flag uniform across the grid (fewer kernels to compile).
template <typename T>
struct ScanF {
  using Acc = typename OpMath<T>::type;
  int srcDtype;
  bool prod;
  __device__ Acc identity() const { return prod ? Acc(1) : Acc(0); }
  __device__ Acc load(const char* p, int64_t i) const { return loadAs<T>(p, i); }
  __device__ Acc combine(Acc a, Acc b) const { return prod ? a * b : a + b; }
  __device__ void store(char* p, int64_t i, Acc v) const { storeAs<T>(p, i, v); }
};

struct ScanI {
  using Acc = int64_t;
  int srcDtype;
  bool prod;
  __device__ Acc identity() const { return prod ? 1 : 0; }
  __device__ Acc load(const char* p, int64_t i) const { return loadInt(p, srcDtype, i); }
  __device__ Acc combine(Acc a, Acc b) const { return prod ? wrapMul(a, b) : wrapAdd(a, b); }
  __device__ void store(char* p, int64_t i, Acc v) const { reinterpret_cast<int64_t*>(p)[i] = v; }
};

template <class Op>
__global__ void scanLinesKernel(int64_t lines, Indexer<2> ix, const char* src, char* out, int64_t L, int64_t sd,
                                int64_t od, Op op) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t line = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; line < lines; line += step) {
    int64_t off[2];
    ix.offsets(line, off);  // off[0]: out, off[1]: src
    typename Op::Acc acc = op.identity();
    for (int64_t j = 0; j < L; ++j) {
      acc = op.combine(acc, op.load(src, off[1] + j * sd));
      op.store(out, off[0] + j * od, acc);
    }
  }
}

template <class Op>
__global__ void __launch_bounds__(kScanThreads) scanBlockKernel(int64_t lines, Indexer<2> ix, const char* src,
                                                                char* out, int64_t L, int64_t sd, int64_t od, Op op) {
  using Acc = typename Op::Acc;
  __shared__ Acc sh[kScanThreads];
  const int t = threadIdx.x;
  for (int64_t line = blockIdx.x; line < lines; line += gridDim.x) {
    int64_t off[2];
    ix.offsets(line, off);
    Acc carry = op.identity();
    for (int64_t base = 0; base < L; base += kScanThreads) {
      const int64_t j = base + t;
      Acc v = j < L ? op.load(src, off[1] + j * sd) : op.identity();
      sh[t] = v;
      __syncthreads();
      // Hillis-Steele inclusive scan of the chunk.
      for (int d = 1; d < kScanThreads; d <<= 1) {
        const Acc left = t >= d ? sh[t - d] : op.identity();
        __syncthreads();
        v = op.combine(left, v);
        sh[t] = v;
        __syncthreads();
      }
      if (j < L) op.store(out, off[0] + j * od, op.combine(carry, v));
      carry = op.combine(carry, sh[kScanThreads - 1]);
      __syncthreads();
    }
  }
}

template <class Op>
void launchScan(DeviceContext& ctx, const View& src, const View& out, int dim, Op op) {
  const int64_t L = src.shape[dim];
  int64_t slice[kMaxViewDims];
  for (int d = 0; d < src.ndim; ++d) slice[d] = d == dim ? 1 : src.shape[d];
  Walk<2> w = makeWalk<2>(src.ndim, slice, {out.strides, src.strides});
  require(w.ndim <= kMaxDims, "cumulative", "too many dims after coalescing (at most 8 besides dim)");
  Indexer<2> ix{};
  ix.ndim = w.ndim > 0 ? w.ndim : 1;
  ix.sizes[0] = 1;
  for (int d = 0; d < w.ndim; ++d) {
    ix.sizes[d] = w.sizes[d];
    ix.strides[d][0] = w.strides[d][0];
    ix.strides[d][1] = w.strides[d][1];
  }
  const int64_t lines = w.numel;
  ix.small = lines < (int64_t(1) << 31);
  const int64_t sd = src.strides[dim], od = out.strides[dim];
  if (L <= 64 || lines >= static_cast<int64_t>(ctx.smCount) * 256) {
    scanLinesKernel<Op><<<ctx.gridFor(lines, 128), 128, 0, ctx.stream>>>(lines, ix, src.data(), out.data(), L, sd, od,
                                                                          op);
  } else {
    const unsigned blocks = static_cast<unsigned>(std::min<int64_t>(lines, static_cast<int64_t>(ctx.smCount) * 16));
    scanBlockKernel<Op><<<blocks, kScanThreads, 0, ctx.stream>>>(lines, ix, src.data(), out.data(), L, sd, od, op);
  }
  checkLaunch("cumulative");
}

}  // namespace

void cumulative(DeviceContext& ctx, bool prod, const View& src, int dim, const View& out) {
  requireSameShape(src, out, "cumulative", "src", "out");
  const bool isFloat = isFloatingDType(src.dtype);
  requireDtype(out, isFloat ? src.dtype : kInt64, "cumulative", "out");
  if (src.numel() == 0) return;
  if (src.ndim == 0) {
    copy(ctx, src, out);
    return;
  }
  dim = normDim(dim, src.ndim, "cumulative");
  const int dt = src.dtype;
  if (dt == kFloat32) launchScan(ctx, src, out, dim, ScanF<float>{dt, prod});
  else if (dt == kFloat64) launchScan(ctx, src, out, dim, ScanF<double>{dt, prod});
  else if (dt == kFloat16) launchScan(ctx, src, out, dim, ScanF<__half>{dt, prod});
  else if (dt == kBFloat16) launchScan(ctx, src, out, dim, ScanF<__nv_bfloat16>{dt, prod});
  else launchScan(ctx, src, out, dim, ScanI{dt, prod});
  afterOp(ctx, "cumulative");
}

}  // namespace tts
