// Host-side argument checks shared by the kernel families: the contract says core never passes
// invalid input, but a wrong view here would corrupt device memory (or poison the CUDA context),
// so the cheap checks are made and reported as errors naming the op.
#pragma once

#include <string>

#include "common.h"

namespace tts {

inline void require(bool cond, const char* op, const std::string& what) {
  if (!cond) throw Error(std::string(op) + ": " + what);
}

inline bool sameShape(const View& a, const View& b) {
  if (a.ndim != b.ndim) return false;
  for (int d = 0; d < a.ndim; ++d)
    if (a.shape[d] != b.shape[d]) return false;
  return true;
}

inline void requireSameShape(const View& a, const View& b, const char* op, const char* an, const char* bn) {
  require(sameShape(a, b), op,
          std::string(an) + " " + shapeString(a) + " and " + bn + " " + shapeString(b) + " must have the same shape");
}

inline void requireDtype(const View& v, int dtype, const char* op, const char* name) {
  require(v.dtype == dtype, op,
          std::string(name) + " must be " + dtypeNames[dtype] + ", got " + dtypeNames[v.dtype]);
}

// Normalises a possibly negative dim of a view with `ndim` dims (0-d views accept 0 and -1).
inline int normDim(int dim, int ndim, const char* op) {
  int n = ndim > 0 ? ndim : 1;
  int d = dim < 0 ? dim + n : dim;
  require(d >= 0 && d < n, op, "dim " + std::to_string(dim) + " out of range for " + std::to_string(ndim) + " dims");
  return d;
}

}  // namespace tts
