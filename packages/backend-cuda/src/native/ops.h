// The op codes of the backend contract. The JS side reads the name lists from the addon
// (`unaryOps`, `binaryOps`, `reduceOps`), so these enums are the one source of truth.
#pragma once

namespace tts {

enum UnaryOp : int {
  kNeg, kAbs, kSign, kExp, kExpm1, kLog, kLog1p, kLog2, kLog10, kSqrt, kRsqrt, kReciprocal, kSquare,
  kSin, kCos, kTan, kAsin, kAcos, kAtan, kSinh, kCosh, kTanh, kAsinh, kAcosh, kAtanh, kErf, kErfc,
  kSigmoid, kRelu, kSilu, kGelu, kFloor, kCeil, kRound, kTrunc, kFrac, kLogicalNot, kBitwiseNot,
  kIsnan, kIsinf, kIsfinite, kNumUnaryOps
};

inline constexpr const char* kUnaryOpNames[kNumUnaryOps] = {
  "neg", "abs", "sign", "exp", "expm1", "log", "log1p", "log2", "log10", "sqrt", "rsqrt", "reciprocal", "square",
  "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "asinh", "acosh", "atanh", "erf", "erfc",
  "sigmoid", "relu", "silu", "gelu", "floor", "ceil", "round", "trunc", "frac", "logicalNot", "bitwiseNot",
  "isnan", "isinf", "isfinite"};

// Unary ops whose output is bool whatever the input dtype.
inline constexpr bool isBoolUnary(int op) {
  return op == kLogicalNot || op == kIsnan || op == kIsinf || op == kIsfinite;
}

enum BinaryOp : int {
  kAdd, kSub, kMul, kDiv, kDivTrunc, kDivFloor, kRemainder, kFmod, kPow, kMaximum, kMinimum, kAtan2,
  kEq, kNe, kLt, kLe, kGt, kGe, kLogicalAnd, kLogicalOr, kLogicalXor, kBitwiseAnd, kBitwiseOr, kBitwiseXor,
  kNumBinaryOps
};

inline constexpr const char* kBinaryOpNames[kNumBinaryOps] = {
  "add", "sub", "mul", "div", "divTrunc", "divFloor", "remainder", "fmod", "pow", "maximum", "minimum", "atan2",
  "eq", "ne", "lt", "le", "gt", "ge", "logicalAnd", "logicalOr", "logicalXor", "bitwiseAnd", "bitwiseOr",
  "bitwiseXor"};

// Comparisons and logical ops: bool output.
inline constexpr bool isBoolBinary(int op) { return op >= kEq && op <= kLogicalXor; }

enum ReduceOp : int { kSum, kProd, kMax, kMin, kArgmax, kArgmin, kAll, kAny, kNumReduceOps };

inline constexpr const char* kReduceOpNames[kNumReduceOps] = {
  "sum", "prod", "max", "min", "argmax", "argmin", "all", "any"};

}  // namespace tts
