// float/double overloads of the CUDA math functions, so templated kernels call expf for float
// and exp for double explicitly (no fast math: these are the accurate, few-ulp versions).
#pragma once

#include <cuda_runtime.h>

namespace tts {
namespace m {

#define TTS_MATH1(name)                                                          \
  __device__ __forceinline__ float name(float x) { return ::name##f(x); }       \
  __device__ __forceinline__ double name(double x) { return ::name(x); }

TTS_MATH1(fabs)
TTS_MATH1(exp)
TTS_MATH1(expm1)
TTS_MATH1(log)
TTS_MATH1(log1p)
TTS_MATH1(log2)
TTS_MATH1(log10)
TTS_MATH1(sqrt)
TTS_MATH1(sin)
TTS_MATH1(cos)
TTS_MATH1(tan)
TTS_MATH1(asin)
TTS_MATH1(acos)
TTS_MATH1(atan)
TTS_MATH1(sinh)
TTS_MATH1(cosh)
TTS_MATH1(tanh)
TTS_MATH1(asinh)
TTS_MATH1(acosh)
TTS_MATH1(atanh)
TTS_MATH1(erf)
TTS_MATH1(erfc)
TTS_MATH1(floor)
TTS_MATH1(ceil)
TTS_MATH1(rint)
TTS_MATH1(trunc)
#undef TTS_MATH1

#define TTS_MATH2(name)                                                                   \
  __device__ __forceinline__ float name(float a, float b) { return ::name##f(a, b); }    \
  __device__ __forceinline__ double name(double a, double b) { return ::name(a, b); }

TTS_MATH2(fmod)
TTS_MATH2(pow)
TTS_MATH2(atan2)
TTS_MATH2(copysign)
#undef TTS_MATH2

__device__ __forceinline__ bool isinf(float x) { return ::isinf(x); }
__device__ __forceinline__ bool isinf(double x) { return ::isinf(x); }
__device__ __forceinline__ bool isfinite(float x) { return ::isfinite(x); }
__device__ __forceinline__ bool isfinite(double x) { return ::isfinite(x); }

template <typename C> __device__ __forceinline__ C quietNaN();
template <> __device__ __forceinline__ float quietNaN<float>() { return __int_as_float(0x7fc00000); }
template <> __device__ __forceinline__ double quietNaN<double>() { return __longlong_as_double(0x7ff8000000000000LL); }

template <typename C> __device__ __forceinline__ C infinity();
template <> __device__ __forceinline__ float infinity<float>() { return __int_as_float(0x7f800000); }
template <> __device__ __forceinline__ double infinity<double>() { return __longlong_as_double(0x7ff0000000000000LL); }

}  // namespace m
}  // namespace tts
