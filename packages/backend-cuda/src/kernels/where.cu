// where: out = cond ? a : b, all broadcast to out's shape; moves raw bits of out's dtype.
#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"

namespace tts {

namespace {

template <typename U>
struct WhereOp {
  char* p[4];  // out, cond, a, b
  __device__ __forceinline__ void operator()(const int64_t (&off)[4]) const {
    const bool c = reinterpret_cast<const uint8_t*>(p[1])[off[1]] != 0;
    reinterpret_cast<U*>(p[0])[off[0]] =
        c ? reinterpret_cast<const U*>(p[2])[off[2]] : reinterpret_cast<const U*>(p[3])[off[3]];
  }
};

}  // namespace

void where(DeviceContext& ctx, const View& cond, const View& a, const View& b, const View& out) {
  requireDtype(cond, kBool, "where", "cond");
  requireDtype(a, out.dtype, "where", "a");
  requireDtype(b, out.dtype, "where", "b");
  requireSameShape(cond, out, "where", "cond", "out");
  requireSameShape(a, out, "where", "a", "out");
  requireSameShape(b, out, "where", "b", "out");
  std::array<const View*, 4> v{&out, &cond, &a, &b};
  switch (out.esize()) {
    case 8: runElementwise<4>(ctx, "where", v, WhereOp<uint64_t>{}); break;
    case 4: runElementwise<4>(ctx, "where", v, WhereOp<uint32_t>{}); break;
    case 2: runElementwise<4>(ctx, "where", v, WhereOp<uint16_t>{}); break;
    default: runElementwise<4>(ctx, "where", v, WhereOp<uint8_t>{}); break;
  }
  afterOp(ctx, "where");
}

}  // namespace tts
