// Elementwise binary ops with broadcast (0) strides. Floats compute in opmath as PyTorch's CUDA
// kernels (the division family step by step as div_floor_floating); integers of every width in
// int64 with wrap-around, Python's floor division and remainder, C's fmod, and integer pow with
// PyTorch's rule for negative exponents. An integer division by zero writes 0 and raises
// "ZeroDivisionError" at the next synchronisation (CUDA kernels cannot throw).
#include "checks.h"
#include "elementwise.cuh"
#include "kernels.h"
#include "math.cuh"
#include "ops.h"
#include "scalar.cuh"

namespace tts {

namespace {

template <typename C>
__device__ __forceinline__ C divFloorFloat(C a, C b) {
  if (b == C(0)) return a / b;
  C mod = m::fmod(a, b);
  C div = (a - mod) / b;
  if (mod != C(0) && ((b < C(0)) != (mod < C(0)))) div -= C(1);
  if (div != C(0)) {
    C fl = m::floor(div);
    if (div - fl > C(0.5)) fl += C(1);
    return fl;
  }
  return m::copysign(C(0), a / b);
}

template <typename C>
__device__ __forceinline__ C binaryFloat(int op, C a, C b) {
  switch (op) {
    case kAdd: return a + b;
    case kSub: return a - b;
    case kMul: return a * b;
    case kDiv: return a / b;
    case kDivTrunc: return m::trunc(a / b);
    case kDivFloor: return divFloorFloat(a, b);
    case kRemainder: {
      C mod = m::fmod(a, b);
      if (mod != C(0) && ((b < C(0)) != (mod < C(0)))) mod += b;
      return mod;
    }
    case kFmod: return m::fmod(a, b);
    case kPow: return m::pow(a, b);  // C99 pow: pow(1, NaN) = 1, pow(-1, ±inf) = 1
    case kMaximum: return a != a ? a : (b != b ? b : (a > b ? a : b));
    case kMinimum: return a != a ? a : (b != b ? b : (a < b ? a : b));
    case kAtan2: return m::atan2(a, b);
    default: return m::quietNaN<C>();  // rejected on the host
  }
}

__device__ __forceinline__ int64_t powInt(int64_t a, int64_t b) {
  if (b < 0) {
    if (a == 1) return 1;
    if (a == -1) return (b & 1) ? -1 : 1;
    return 0;
  }
  uint64_t r = 1, base = static_cast<uint64_t>(a);
  while (b > 0) {
    if (b & 1) r *= base;
    b >>= 1;
    if (b > 0) base *= base;
  }
  return static_cast<int64_t>(r);
}

__device__ __forceinline__ int64_t binaryInt(int op, int64_t a, int64_t b, DeviceErrorFlag* flag) {
  switch (op) {
    case kAdd: return wrapAdd(a, b);
    case kSub: return wrapSub(a, b);
    case kMul: return wrapMul(a, b);
    case kDiv: case kDivTrunc: case kDivFloor: case kRemainder: case kFmod: {
      if (b == 0) {
        raiseDeviceError(flag, kZeroDivision, kSiteBinary, 0, 0, 0);
        return 0;
      }
      if (b == -1) return (op == kRemainder || op == kFmod) ? 0 : wrapSub(0, a);  // INT64_MIN / -1 wraps
      const int64_t q = a / b, r = a % b;
      if (op == kDiv || op == kDivTrunc) return q;
      if (op == kFmod) return r;
      const bool adjust = r != 0 && ((r < 0) != (b < 0));
      if (op == kDivFloor) return adjust ? q - 1 : q;
      return adjust ? r + b : r;
    }
    case kPow: return powInt(a, b);
    case kMaximum: return a > b ? a : b;
    case kMinimum: return a < b ? a : b;
    case kBitwiseAnd: return a & b;
    case kBitwiseOr: return a | b;
    case kBitwiseXor: return a ^ b;
    default: return 0;  // rejected on the host
  }
}

template <typename C>
__device__ __forceinline__ bool binaryPredicate(int op, C a, C b) {
  switch (op) {
    case kEq: return a == b;
    case kNe: return a != b;
    case kLt: return a < b;
    case kLe: return a <= b;
    case kGt: return a > b;
    case kGe: return a >= b;
    case kLogicalAnd: return a != C(0) && b != C(0);
    case kLogicalOr: return a != C(0) || b != C(0);
    default: return (a != C(0)) != (b != C(0));  // logicalXor
  }
}

template <typename T>
struct BinaryFloatOp {
  char* p[3];  // out, a, b
  int op;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    storeAs<T>(p[0], off[0], binaryFloat(op, loadAs<T>(p[1], off[1]), loadAs<T>(p[2], off[2])));
  }
};

struct BinaryIntOp {
  char* p[3];
  int op;
  int dtype;
  DeviceErrorFlag* flag;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    storeInt(p[0], dtype, off[0], binaryInt(op, loadInt(p[1], dtype, off[1]), loadInt(p[2], dtype, off[2]), flag));
  }
};

template <typename T>
struct BinaryPredicateFloatOp {
  char* p[3];
  int op;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    reinterpret_cast<uint8_t*>(p[0])[off[0]] = binaryPredicate(op, loadAs<T>(p[1], off[1]), loadAs<T>(p[2], off[2]));
  }
};

struct BinaryPredicateIntOp {
  char* p[3];
  int op;
  int dtype;
  __device__ __forceinline__ void operator()(const int64_t (&off)[3]) const {
    reinterpret_cast<uint8_t*>(p[0])[off[0]] =
        binaryPredicate<int64_t>(op, loadInt(p[1], dtype, off[1]), loadInt(p[2], dtype, off[2]));
  }
};

// The same ops with one operand a scalar passed by value (`first`: the scalar is the left one).
template <typename T>
struct BinaryScalarFloatOp {
  char* p[2];  // out, a
  int op;
  bool first;
  typename OpMath<T>::type s;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    const auto x = loadAs<T>(p[1], off[1]);
    storeAs<T>(p[0], off[0], first ? binaryFloat(op, s, x) : binaryFloat(op, x, s));
  }
};

struct BinaryScalarIntOp {
  char* p[2];
  int op;
  bool first;
  int64_t s;
  int dtype;
  DeviceErrorFlag* flag;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    const int64_t x = loadInt(p[1], dtype, off[1]);
    storeInt(p[0], dtype, off[0], first ? binaryInt(op, s, x, flag) : binaryInt(op, x, s, flag));
  }
};

template <typename T>
struct BinaryScalarPredicateFloatOp {
  char* p[2];
  int op;
  bool first;
  typename OpMath<T>::type s;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    const auto x = loadAs<T>(p[1], off[1]);
    reinterpret_cast<uint8_t*>(p[0])[off[0]] = first ? binaryPredicate(op, s, x) : binaryPredicate(op, x, s);
  }
};

struct BinaryScalarPredicateIntOp {
  char* p[2];
  int op;
  bool first;
  int64_t s;
  int dtype;
  __device__ __forceinline__ void operator()(const int64_t (&off)[2]) const {
    const int64_t x = loadInt(p[1], dtype, off[1]);
    reinterpret_cast<uint8_t*>(p[0])[off[0]] = first ? binaryPredicate<int64_t>(op, s, x) : binaryPredicate<int64_t>(op, x, s);
  }
};

}  // namespace

void binaryScalar(DeviceContext& ctx, int op, const View& a, double scalar, bool first, const View& out) {
  require(op >= 0 && op < kNumBinaryOps, "binary", "unknown op code " + std::to_string(op));
  const char* name = kBinaryOpNames[op];
  const bool pred = isBoolBinary(op);
  requireDtype(out, pred ? kBool : a.dtype, name, "out");
  requireSameShape(a, out, name, "a", "out");
  const bool isFloat = isFloatingDType(a.dtype);
  const bool bitwise = op == kBitwiseAnd || op == kBitwiseOr || op == kBitwiseXor;
  require(isFloat ? !bitwise : op != kAtan2, name, std::string("not defined for ") + dtypeNames[a.dtype]);
  std::array<const View*, 2> v{&out, &a};
  // The scalar is already a value of a's dtype (core rounds it), so opmath holds it exactly.
  const float f = static_cast<float>(scalar);
  const int64_t i = static_cast<int64_t>(scalar);
  if (pred) {
    switch (a.dtype) {
      case kFloat32: runElementwise<2>(ctx, name, v, BinaryScalarPredicateFloatOp<float>{{}, op, first, f}); break;
      case kFloat64: runElementwise<2>(ctx, name, v, BinaryScalarPredicateFloatOp<double>{{}, op, first, scalar}); break;
      case kFloat16: runElementwise<2>(ctx, name, v, BinaryScalarPredicateFloatOp<__half>{{}, op, first, f}); break;
      case kBFloat16: runElementwise<2>(ctx, name, v, BinaryScalarPredicateFloatOp<__nv_bfloat16>{{}, op, first, f}); break;
      default: runElementwise<2>(ctx, name, v, BinaryScalarPredicateIntOp{{}, op, first, i, a.dtype}); break;
    }
  } else {
    switch (a.dtype) {
      case kFloat32: runElementwise<2>(ctx, name, v, BinaryScalarFloatOp<float>{{}, op, first, f}); break;
      case kFloat64: runElementwise<2>(ctx, name, v, BinaryScalarFloatOp<double>{{}, op, first, scalar}); break;
      case kFloat16: runElementwise<2>(ctx, name, v, BinaryScalarFloatOp<__half>{{}, op, first, f}); break;
      case kBFloat16: runElementwise<2>(ctx, name, v, BinaryScalarFloatOp<__nv_bfloat16>{{}, op, first, f}); break;
      default: runElementwise<2>(ctx, name, v, BinaryScalarIntOp{{}, op, first, i, a.dtype, ctx.dflag}); break;
    }
  }
  afterOp(ctx, name);
}

void binary(DeviceContext& ctx, int op, const View& a, const View& b, const View& out) {
  require(op >= 0 && op < kNumBinaryOps, "binary", "unknown op code " + std::to_string(op));
  const char* name = kBinaryOpNames[op];
  requireDtype(b, a.dtype, name, "b");
  const bool pred = isBoolBinary(op);
  requireDtype(out, pred ? kBool : a.dtype, name, "out");
  requireSameShape(a, out, name, "a", "out");
  requireSameShape(b, out, name, "b", "out");
  const bool isFloat = isFloatingDType(a.dtype);
  const bool bitwise = op == kBitwiseAnd || op == kBitwiseOr || op == kBitwiseXor;
  require(isFloat ? !bitwise : op != kAtan2, name, std::string("not defined for ") + dtypeNames[a.dtype]);
  std::array<const View*, 3> v{&out, &a, &b};
  if (pred) {
    switch (a.dtype) {
      case kFloat32: runElementwise<3>(ctx, name, v, BinaryPredicateFloatOp<float>{{}, op}); break;
      case kFloat64: runElementwise<3>(ctx, name, v, BinaryPredicateFloatOp<double>{{}, op}); break;
      case kFloat16: runElementwise<3>(ctx, name, v, BinaryPredicateFloatOp<__half>{{}, op}); break;
      case kBFloat16: runElementwise<3>(ctx, name, v, BinaryPredicateFloatOp<__nv_bfloat16>{{}, op}); break;
      default: runElementwise<3>(ctx, name, v, BinaryPredicateIntOp{{}, op, a.dtype}); break;
    }
  } else {
    switch (a.dtype) {
      case kFloat32: runElementwise<3>(ctx, name, v, BinaryFloatOp<float>{{}, op}); break;
      case kFloat64: runElementwise<3>(ctx, name, v, BinaryFloatOp<double>{{}, op}); break;
      case kFloat16: runElementwise<3>(ctx, name, v, BinaryFloatOp<__half>{{}, op}); break;
      case kBFloat16: runElementwise<3>(ctx, name, v, BinaryFloatOp<__nv_bfloat16>{{}, op}); break;
      default: runElementwise<3>(ctx, name, v, BinaryIntOp{{}, op, a.dtype, ctx.dflag}); break;
    }
  }
  afterOp(ctx, name);
}

}  // namespace tts
