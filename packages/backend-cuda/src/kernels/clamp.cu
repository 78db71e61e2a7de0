// clamp: PyTorch's min(max(x, lo), hi). NaN inputs stay NaN and lo > hi gives hi everywhere.
// A NaN bound is ignored when it is the only bound and makes everything NaN when both are
// given (PyTorch 1.13 runs clamp_min/clamp_max for one bound, a NaN-propagating min/max for two).
#include <cmath>

#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"
#include "scalar.cuh"

namespace tts {

namespace {

template <typename T>
struct ClampFloatOp {
  using C = typename OpMath<T>::type;
  char* p[2];  // out, src
  C lo, hi;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    C x = loadAs<T>(p[1], off[1]);
    if (x < lo || lo != lo) x = lo;
    if (x > hi) x = hi;
    storeAs<T>(p[0], off[0], x);
  }
};

struct ClampIntOp {
  char* p[2];
  int dtype;
  double lo, hi;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    int64_t x = loadInt(p[1], dtype, off[1]);
    const double xd = static_cast<double>(x);
    if (xd < lo || lo != lo) x = floatToInt64(lo);
    if (static_cast<double>(x) > hi) x = floatToInt64(hi);
    storeInt(p[0], dtype, off[0], x);
  }
};

}  // namespace

void clamp(DeviceContext& ctx, const View& src, bool hasMin, double min, bool hasMax, double max, const View& out) {
  requireSameShape(src, out, "clamp", "src", "out");
  requireDtype(out, src.dtype, "clamp", "out");
  double lo = hasMin ? min : -INFINITY, hi = hasMax ? max : INFINITY;
  if (hasMin && hasMax && (std::isnan(min) || std::isnan(max))) {
    lo = hi = NAN;
  } else {
    if (std::isnan(lo)) lo = -INFINITY;
    if (std::isnan(hi)) hi = INFINITY;
  }
  std::array<const View*, 2> v{&out, &src};
  switch (src.dtype) {
    case kFloat32:
      runElementwise<2>(ctx, "clamp", v, ClampFloatOp<float>{{}, static_cast<float>(lo), static_cast<float>(hi)});
      break;
    case kFloat64: runElementwise<2>(ctx, "clamp", v, ClampFloatOp<double>{{}, lo, hi}); break;
    case kFloat16:
      runElementwise<2>(ctx, "clamp", v, ClampFloatOp<__half>{{}, static_cast<float>(lo), static_cast<float>(hi)});
      break;
    case kBFloat16:
      runElementwise<2>(ctx, "clamp", v, ClampFloatOp<__nv_bfloat16>{{}, static_cast<float>(lo), static_cast<float>(hi)});
      break;
    default: runElementwise<2>(ctx, "clamp", v, ClampIntOp{{}, src.dtype, lo, hi}); break;
  }
  afterOp(ctx, "clamp");
}

}  // namespace tts
