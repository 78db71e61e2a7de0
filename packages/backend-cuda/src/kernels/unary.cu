// Elementwise unary ops. Floats compute in opmath (float for float16/float32, double for
// float64) with the accurate CUDA math functions, as PyTorch's CUDA kernels do; integers of
// every width compute in int64 and wrap on store. The op is a runtime switch (uniform across a
// warp), so there is one kernel per float dtype plus one for all integer dtypes.
#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"
#include "math.cuh"
#include "ops.h"
#include "scalar.cuh"

namespace tts {

namespace {

template <typename C>
__device__ __forceinline__ C unaryFloat(int op, C x) {
  switch (op) {
    case kNeg: return -x;
    case kAbs: return m::fabs(x);
    case kSign: return x > C(0) ? C(1) : (x < C(0) ? C(-1) : C(0));  // sign(NaN) = 0, as PyTorch 1.13
    case kExp: return m::exp(x);
    case kExpm1: return m::expm1(x);
    case kLog: return m::log(x);
    case kLog1p: return m::log1p(x);
    case kLog2: return m::log2(x);
    case kLog10: return m::log10(x);
    case kSqrt: return m::sqrt(x);
    case kRsqrt: return C(1) / m::sqrt(x);
    case kReciprocal: return C(1) / x;
    case kSquare: return x * x;
    case kSin: return m::sin(x);
    case kCos: return m::cos(x);
    case kTan: return m::tan(x);
    case kAsin: return m::asin(x);
    case kAcos: return m::acos(x);
    case kAtan: return m::atan(x);
    case kSinh: return m::sinh(x);
    case kCosh: return m::cosh(x);
    case kTanh: return m::tanh(x);
    case kAsinh: return m::asinh(x);
    case kAcosh: return m::acosh(x);
    case kAtanh: return m::atanh(x);
    case kErf: return m::erf(x);
    case kErfc: return m::erfc(x);
    case kSigmoid: return C(1) / (C(1) + m::exp(-x));
    case kRelu: return x > C(0) ? x : (x != x ? x : C(0));
    case kSilu: return x / (C(1) + m::exp(-x));
    // The exact (erf) GELU; erfc keeps it accurate for negative x.
    case kGelu: return C(0.5) * x * m::erfc(-x * C(0.70710678118654752440));
    case kFloor: return m::floor(x);
    case kCeil: return m::ceil(x);
    case kRound: return m::rint(x);  // ties to even
    case kTrunc: return m::trunc(x);
    case kFrac: return x - m::trunc(x);
    default: return m::quietNaN<C>();  // rejected on the host
  }
}

__device__ __forceinline__ int64_t unaryInt(int op, int64_t x, bool isBool) {
  switch (op) {
    case kNeg: return wrapSub(0, x);
    case kAbs: return x < 0 ? wrapSub(0, x) : x;
    case kSign: return (x > 0) - (x < 0);
    case kSquare: return wrapMul(x, x);
    case kRelu: return x > 0 ? x : 0;
    case kBitwiseNot: return isBool ? (x == 0) : ~x;
    default: return x;  // floor, ceil, round, trunc: identity on integers
  }
}

template <typename C>
__device__ __forceinline__ bool unaryPredicate(int op, C x) {
  switch (op) {
    case kLogicalNot: return x == C(0);
    case kIsnan: return x != x;
    case kIsinf: return m::isinf(x);
    default: return m::isfinite(x);
  }
}

template <typename T>
struct UnaryFloatOp {
  char* p[2];  // out, src
  int op;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    storeAs<T>(p[0], off[0], unaryFloat(op, loadAs<T>(p[1], off[1])));
  }
};

struct UnaryIntOp {
  char* p[2];
  int op;
  int dtype;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    storeInt(p[0], dtype, off[0], unaryInt(op, loadInt(p[1], dtype, off[1]), dtype == kBool));
  }
};

template <typename T>
struct UnaryPredicateFloatOp {
  char* p[2];
  int op;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    reinterpret_cast<uint8_t*>(p[0])[off[0]] = unaryPredicate(op, loadAs<T>(p[1], off[1]));
  }
};

struct UnaryPredicateIntOp {
  char* p[2];
  int op;
  int dtype;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    const int64_t x = loadInt(p[1], dtype, off[1]);
    reinterpret_cast<uint8_t*>(p[0])[off[0]] = op == kLogicalNot ? x == 0 : op == kIsfinite;
  }
};

bool intOpDefined(int op) {
  switch (op) {
    case kNeg: case kAbs: case kSign: case kSquare: case kRelu: case kFloor: case kCeil: case kRound:
    case kTrunc: case kBitwiseNot:
      return true;
    default:
      return isBoolUnary(op);
  }
}

}  // namespace

void unary(DeviceContext& ctx, int op, const View& src, const View& out) {
  require(op >= 0 && op < kNumUnaryOps, "unary", "unknown op code " + std::to_string(op));
  const char* name = kUnaryOpNames[op];
  requireSameShape(src, out, name, "src", "out");
  const bool pred = isBoolUnary(op);
  requireDtype(out, pred ? kBool : src.dtype, name, "out");
  const bool isFloat = isFloatingDType(src.dtype);
  require(isFloat ? op != kBitwiseNot : intOpDefined(op), name,
          std::string("not defined for ") + dtypeNames[src.dtype] + (isFloat ? "" : " (core casts to float first)"));
  std::array<const View*, 2> v{&out, &src};
  if (pred) {
    switch (src.dtype) {
      case kFloat32: runElementwise<2>(ctx, name, v, UnaryPredicateFloatOp<float>{{}, op}); break;
      case kFloat64: runElementwise<2>(ctx, name, v, UnaryPredicateFloatOp<double>{{}, op}); break;
      case kFloat16: runElementwise<2>(ctx, name, v, UnaryPredicateFloatOp<__half>{{}, op}); break;
      case kBFloat16: runElementwise<2>(ctx, name, v, UnaryPredicateFloatOp<__nv_bfloat16>{{}, op}); break;
      default: runElementwise<2>(ctx, name, v, UnaryPredicateIntOp{{}, op, src.dtype}); break;
    }
  } else {
    switch (src.dtype) {
      case kFloat32: runElementwise<2>(ctx, name, v, UnaryFloatOp<float>{{}, op}); break;
      case kFloat64: runElementwise<2>(ctx, name, v, UnaryFloatOp<double>{{}, op}); break;
      case kFloat16: runElementwise<2>(ctx, name, v, UnaryFloatOp<__half>{{}, op}); break;
      case kBFloat16: runElementwise<2>(ctx, name, v, UnaryFloatOp<__nv_bfloat16>{{}, op}); break;
      default: runElementwise<2>(ctx, name, v, UnaryIntOp{{}, op, src.dtype}); break;
    }
  }
  afterOp(ctx, name);
}

}  // namespace tts
