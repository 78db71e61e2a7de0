// Element loads and stores, and the dtype conversions of PyTorch's `copy_` as the CPU backend
// implements them (the reference semantics):
// - float -> int truncates toward zero; NaN, infinities and values outside the int32 range give
//   -2^31 before narrowing (int64: outside its range gives -2^63), as x86-64 does;
// - int -> narrower int wraps modulo 2^bits;
// - anything -> bool is `x != 0` (NaN is true);
// - anything -> float16 or bfloat16 rounds to nearest even through float32, as PyTorch does.
// Floats compute in "opmath": float for float16/bfloat16/float32, double for float64.
// Integers of every width compute in int64 and wrap on store, which gives the same bits as
// computing in their own width (two's complement arithmetic is exact modulo 2^bits).
#pragma once

#include <cstdint>
#include <cstring>

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "common.h"

namespace tts {

template <typename T> struct OpMath { using type = T; };
template <> struct OpMath<__half> { using type = float; };
template <> struct OpMath<__nv_bfloat16> { using type = float; };

template <typename T>
__device__ __forceinline__ typename OpMath<T>::type loadAs(const char* p, int64_t i) {
  return reinterpret_cast<const T*>(p)[i];
}
template <>
__device__ __forceinline__ float loadAs<__half>(const char* p, int64_t i) {
  return __half2float(reinterpret_cast<const __half*>(p)[i]);
}
template <>
__device__ __forceinline__ float loadAs<__nv_bfloat16>(const char* p, int64_t i) {
  return __bfloat162float(reinterpret_cast<const __nv_bfloat16*>(p)[i]);
}

template <typename T>
__device__ __forceinline__ void storeAs(char* p, int64_t i, typename OpMath<T>::type v) {
  reinterpret_cast<T*>(p)[i] = v;
}
template <>
__device__ __forceinline__ void storeAs<__half>(char* p, int64_t i, float v) {
  reinterpret_cast<__half*>(p)[i] = __float2half_rn(v);
}
template <>
__device__ __forceinline__ void storeAs<__nv_bfloat16>(char* p, int64_t i, float v) {
  reinterpret_cast<__nv_bfloat16*>(p)[i] = __float2bfloat16_rn(v);
}

// float -> int32 as x86-64's cvttsd2si: out of range and NaN give INT32_MIN.
__host__ __device__ __forceinline__ int32_t floatToInt32(double v) {
  return (v > -2147483649.0 && v < 2147483648.0) ? static_cast<int32_t>(v) : INT32_MIN;
}
// float -> int64: out of range and NaN give INT64_MIN.
__host__ __device__ __forceinline__ int64_t floatToInt64(double v) {
  return (v >= -9223372036854775808.0 && v < 9223372036854775808.0) ? static_cast<int64_t>(v) : INT64_MIN;
}

// Loads an integer or bool element of runtime dtype `dt` (sign- or zero-extended).
__device__ __forceinline__ int64_t loadInt(const char* p, int dt, int64_t i) {
  switch (dt) {
    case kInt64: return reinterpret_cast<const int64_t*>(p)[i];
    case kInt32: return reinterpret_cast<const int32_t*>(p)[i];
    case kInt16: return reinterpret_cast<const int16_t*>(p)[i];
    case kInt8: return reinterpret_cast<const int8_t*>(p)[i];
    default: return reinterpret_cast<const uint8_t*>(p)[i];  // uint8, bool
  }
}

// Stores an int64 into an integer or bool element of dtype `dt`, wrapping (bool: != 0).
__device__ __forceinline__ void storeInt(char* p, int dt, int64_t i, int64_t v) {
  switch (dt) {
    case kInt64: reinterpret_cast<int64_t*>(p)[i] = v; break;
    case kInt32: reinterpret_cast<int32_t*>(p)[i] = static_cast<int32_t>(static_cast<uint32_t>(v)); break;
    case kInt16: reinterpret_cast<int16_t*>(p)[i] = static_cast<int16_t>(static_cast<uint16_t>(v)); break;
    case kInt8: reinterpret_cast<int8_t*>(p)[i] = static_cast<int8_t>(static_cast<uint8_t>(v)); break;
    case kUInt8: reinterpret_cast<uint8_t*>(p)[i] = static_cast<uint8_t>(v); break;
    default: reinterpret_cast<uint8_t*>(p)[i] = v != 0; break;  // bool
  }
}

// A value of any dtype: a double for floats, an int64 for integers and bool.
struct Scalar {
  double f;
  int64_t i;
  bool isFloat;
};

__device__ __forceinline__ Scalar loadScalar(const char* p, int dt, int64_t i) {
  Scalar s{0.0, 0, true};
  switch (dt) {
    case kFloat32: s.f = reinterpret_cast<const float*>(p)[i]; break;
    case kFloat64: s.f = reinterpret_cast<const double*>(p)[i]; break;
    case kFloat16: s.f = __half2float(reinterpret_cast<const __half*>(p)[i]); break;
    case kBFloat16: s.f = __bfloat162float(reinterpret_cast<const __nv_bfloat16*>(p)[i]); break;
    default: s.isFloat = false; s.i = loadInt(p, dt, i); break;
  }
  return s;
}

// The bit pattern of `s` converted to dtype `dt` (copy_ semantics), in the low bytes of a uint64.
__host__ __device__ inline uint64_t castBits(Scalar s, int dt) {
  uint64_t bits = 0;
  switch (dt) {
    case kFloat32: {
      float v = s.isFloat ? static_cast<float>(s.f) : static_cast<float>(s.i);
      memcpy(&bits, &v, 4);
      break;
    }
    case kFloat64: {
      double v = s.isFloat ? s.f : static_cast<double>(s.i);
      memcpy(&bits, &v, 8);
      break;
    }
    case kFloat16: {
      __half v = __float2half_rn(s.isFloat ? static_cast<float>(s.f) : static_cast<float>(s.i));
      memcpy(&bits, &v, 2);
      break;
    }
    case kBFloat16: {
      __nv_bfloat16 v = __float2bfloat16_rn(s.isFloat ? static_cast<float>(s.f) : static_cast<float>(s.i));
      memcpy(&bits, &v, 2);
      break;
    }
    case kInt64: {
      int64_t v = s.isFloat ? floatToInt64(s.f) : s.i;
      memcpy(&bits, &v, 8);
      break;
    }
    case kInt32: {
      int32_t v = s.isFloat ? floatToInt32(s.f) : static_cast<int32_t>(static_cast<uint32_t>(s.i));
      memcpy(&bits, &v, 4);
      break;
    }
    case kInt16: case kInt8: case kUInt8: {
      // Through int32 (floats) or int64 (ints), then keep the low bits: wrap-around.
      uint64_t v = s.isFloat ? static_cast<uint64_t>(static_cast<int64_t>(floatToInt32(s.f)))
                             : static_cast<uint64_t>(s.i);
      bits = v & (dt == kInt16 ? 0xffffu : 0xffu);
      break;
    }
    default:  // bool
      bits = s.isFloat ? (s.f != 0.0 ? 1u : 0u) : (s.i != 0 ? 1u : 0u);
      break;
  }
  return bits;
}

// Stores `s` into element i of dtype `dt` with copy_ semantics.
__device__ __forceinline__ void storeScalar(char* p, int dt, int64_t i, Scalar s) {
  uint64_t bits = castBits(s, dt);
  switch (elementSize(dt)) {
    case 8: reinterpret_cast<uint64_t*>(p)[i] = bits; break;
    case 4: reinterpret_cast<uint32_t*>(p)[i] = static_cast<uint32_t>(bits); break;
    case 2: reinterpret_cast<uint16_t*>(p)[i] = static_cast<uint16_t>(bits); break;
    default: reinterpret_cast<uint8_t*>(p)[i] = static_cast<uint8_t>(bits); break;
  }
}

__device__ __forceinline__ Scalar floatScalar(double f) { return Scalar{f, 0, true}; }
__device__ __forceinline__ Scalar intScalar(int64_t i) { return Scalar{0.0, i, false}; }

// Wrapping int64 arithmetic (signed overflow is undefined in C++, unsigned wraps).
__device__ __forceinline__ int64_t wrapAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}
__device__ __forceinline__ int64_t wrapSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - static_cast<uint64_t>(b));
}
__device__ __forceinline__ int64_t wrapMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * static_cast<uint64_t>(b));
}

// NaN-aware helpers for templated float code (integers never are NaN).
template <typename T>
__device__ __forceinline__ bool isNaN(T x) { return x != x; }

}  // namespace tts
