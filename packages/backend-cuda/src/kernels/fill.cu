// fill: sets every element of a strided view to one value.
#include "elementwise.cuh"
#include "kernels.h"
#include "scalar.cuh"

namespace tts {

namespace {

template <typename U>
struct FillOp {
  char* p[1];
  U v;
  __device__ __forceinline__ void operator()(const int64_t (&off)[1]) const {
    reinterpret_cast<U*>(p[0])[off[0]] = v;
  }
};

}  // namespace

void fill(DeviceContext& ctx, const View& out, double value) {
  const int64_t n = out.numel();
  if (n == 0) return;
  // The value as out's dtype stores it (copy_ of a float64 scalar).
  uint64_t bits = castBits(Scalar{value, 0, true}, out.dtype);
  if (bits == 0 && out.contiguous()) {
    checkCuda(cudaMemsetAsync(out.data(), 0, static_cast<size_t>(n) * out.esize(), ctx.stream), "fill (cudaMemsetAsync)");
  } else {
    std::array<const View*, 1> v{&out};
    switch (out.esize()) {
      case 8: runElementwise<1>(ctx, "fill", v, FillOp<uint64_t>{{nullptr}, bits}); break;
      case 4: runElementwise<1>(ctx, "fill", v, FillOp<uint32_t>{{nullptr}, static_cast<uint32_t>(bits)}); break;
      case 2: runElementwise<1>(ctx, "fill", v, FillOp<uint16_t>{{nullptr}, static_cast<uint16_t>(bits)}); break;
      default: runElementwise<1>(ctx, "fill", v, FillOp<uint8_t>{{nullptr}, static_cast<uint8_t>(bits)}); break;
    }
  }
  afterOp(ctx, "fill");
}

}  // namespace tts
