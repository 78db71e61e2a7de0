// copy: strided to strided, converting dtypes as PyTorch's copy_ (see scalar.cuh). Same-dtype
// copies move raw bits (cudaMemcpyAsync when both sides are contiguous).
#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"
#include "scalar.cuh"

namespace tts {

namespace {

template <typename U>
struct CopyRawOp {
  char* p[2];
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    reinterpret_cast<U*>(p[0])[off[0]] = reinterpret_cast<const U*>(p[1])[off[1]];
  }
};

struct CastOp {
  char* p[2];
  int outDtype;
  int srcDtype;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    storeScalar(p[0], outDtype, off[0], loadScalar(p[1], srcDtype, off[1]));
  }
};

}  // namespace

void copy(DeviceContext& ctx, const View& src, const View& out) {
  require(src.numel() == out.numel(), "copy",
          "src " + shapeString(src) + " and out " + shapeString(out) + " must have the same number of elements");
  requireSameShape(src, out, "copy", "src", "out");
  const int64_t n = out.numel();
  if (n == 0) return;
  std::array<const View*, 2> v{&out, &src};
  if (src.dtype == out.dtype) {
    if (src.contiguous() && out.contiguous()) {
      if (src.data() != out.data()) {
        checkCuda(cudaMemcpyAsync(out.data(), src.data(), static_cast<size_t>(n) * out.esize(),
                                  cudaMemcpyDeviceToDevice, ctx.stream),
                  "copy (cudaMemcpyAsync)");
      }
    } else {
      switch (out.esize()) {
        case 8: runElementwise<2>(ctx, "copy", v, CopyRawOp<uint64_t>{}); break;
        case 4: runElementwise<2>(ctx, "copy", v, CopyRawOp<uint32_t>{}); break;
        case 2: runElementwise<2>(ctx, "copy", v, CopyRawOp<uint16_t>{}); break;
        default: runElementwise<2>(ctx, "copy", v, CopyRawOp<uint8_t>{}); break;
      }
    }
  } else {
    runElementwise<2>(ctx, "copy", v, CastOp{{nullptr, nullptr}, out.dtype, src.dtype});
  }
  afterOp(ctx, "copy");
}

}  // namespace tts
