// Batched matmul: out[..., M, N] = a[..., M, K] @ b[..., K, N], batch dims already broadcast
// (0 strides). float32/float64/float16/bfloat16 go to cuBLAS when it could be loaded (strided-batched
// GEMM; float16 and bfloat16 accumulate in float32; float32 is full precision, no TF32, as PyTorch's
// default), else, and for integers, to the builtin tiled kernel (gemm_tile.cuh), which reads
// any strides directly. Integers accumulate in int64 and wrap like C.
#include <algorithm>
#include <climits>
#include <memory>

#include "allocator.h"
#include "checks.h"
#include "cublas.h"
#include "elementwise.cuh"
#include "gemm_tile.cuh"
#include "kernels.h"

namespace tts {

namespace {

struct BatchGeom {
  int nb;
  int64_t size[kMaxDims];
  int64_t sa[kMaxDims], sb[kMaxDims], sc[kMaxDims];
  int64_t count;
};

template <typename T>
struct FloatProblem {
  using Acc = typename OpMath<T>::type;
  const char* A;
  const char* B;
  char* C;
  int64_t ars, acs, brs, bcs, crs, ccs;
  __device__ __forceinline__ Acc a(int64_t m, int64_t k) const { return loadAs<T>(A, m * ars + k * acs); }
  __device__ __forceinline__ Acc b(int64_t k, int64_t n) const { return loadAs<T>(B, k * brs + n * bcs); }
  __device__ __forceinline__ void store(int64_t m, int64_t n, Acc v) const { storeAs<T>(C, m * crs + n * ccs, v); }
  __device__ __forceinline__ FloatProblem shifted(int64_t oa, int64_t ob, int64_t oc) const {
    FloatProblem p = *this;
    p.A += oa * static_cast<int64_t>(sizeof(T));
    p.B += ob * static_cast<int64_t>(sizeof(T));
    p.C += oc * static_cast<int64_t>(sizeof(T));
    return p;
  }
};

struct IntProblem {
  using Acc = int64_t;
  const char* A;
  const char* B;
  char* C;
  int64_t ars, acs, brs, bcs, crs, ccs;
  int dtype;
  __device__ __forceinline__ Acc a(int64_t m, int64_t k) const { return loadInt(A, dtype, m * ars + k * acs); }
  __device__ __forceinline__ Acc b(int64_t k, int64_t n) const { return loadInt(B, dtype, k * brs + n * bcs); }
  __device__ __forceinline__ void store(int64_t m, int64_t n, Acc v) const { storeInt(C, dtype, m * crs + n * ccs, v); }
  __device__ __forceinline__ IntProblem shifted(int64_t oa, int64_t ob, int64_t oc) const {
    IntProblem p = *this;
    const int64_t es = elementSize(dtype);
    p.A += oa * es;
    p.B += ob * es;
    p.C += oc * es;
    return p;
  }
};

template <class P>
__global__ void __launch_bounds__(kGemmThreads) matmulKernel(P base, int64_t M, int64_t N, int64_t K, BatchGeom g) {
  __shared__ GemmShared<typename P::Acc> sh;
  const int64_t tilesM = (M + kTileM - 1) / kTileM, tilesN = (N + kTileN - 1) / kTileN;
  for (int64_t z = blockIdx.z; z < g.count; z += gridDim.z) {
    int64_t oa = 0, ob = 0, oc = 0, r = z;
    for (int d = g.nb - 1; d >= 0; --d) {
      const int64_t q = r / g.size[d], c = r - q * g.size[d];
      r = q;
      oa += c * g.sa[d];
      ob += c * g.sb[d];
      oc += c * g.sc[d];
    }
    const P p = base.shifted(oa, ob, oc);
    for (int64_t tn = blockIdx.y; tn < tilesN; tn += gridDim.y)
      for (int64_t tm = blockIdx.x; tm < tilesM; tm += gridDim.x) gemmTile(p, M, N, 0, K, tm * kTileM, tn * kTileN, sh);
  }
}

template <class P>
void launchBuiltin(DeviceContext& ctx, P p, int64_t M, int64_t N, int64_t K, const BatchGeom& g) {
  const int64_t tilesM = (M + kTileM - 1) / kTileM, tilesN = (N + kTileN - 1) / kTileN;
  dim3 grid(static_cast<unsigned>(std::min<int64_t>(tilesM, INT_MAX)),
            static_cast<unsigned>(std::min<int64_t>(tilesN, 65535)),
            static_cast<unsigned>(std::min<int64_t>(g.count, 65535)));
  matmulKernel<P><<<grid, kGemmThreads, 0, ctx.stream>>>(p, M, N, K, g);
  checkLaunch("matmul");
}

// A matrix's layout as cuBLAS needs it: rows contiguous (ROW, ld = row stride) or columns
// contiguous (COL, ld = column stride), without overlap. Size-1 dims may have any stride.
enum Layout { kNone, kRow, kCol };

Layout layoutOf(int64_t rows, int64_t cols, int64_t rs, int64_t cs, int64_t& ld) {
  const int64_t minRow = cols > 1 ? cols : 1, minCol = rows > 1 ? rows : 1;
  if ((cols == 1 || cs == 1) && (rows == 1 || rs >= minRow)) {
    ld = rows == 1 ? minRow : rs;
    return kRow;
  }
  if ((rows == 1 || rs == 1) && (cols == 1 || cs >= minCol)) {
    ld = cols == 1 ? minCol : cs;
    return kCol;
  }
  return kNone;
}

struct Mat {
  char* p;
  int64_t rows, cols, rs, cs;
};

bool fitsInt(int64_t v) { return v >= 0 && v <= INT_MAX; }

// One strided-batched cuBLAS call: C = A B for `count` matrices `sa`, `sb`, `sc` elements apart.
void cublasGemm(DeviceContext& ctx, int dtype, Mat A, Mat B, Mat C, int64_t K, int64_t count, int64_t sa, int64_t sb,
                int64_t sc) {
  int64_t ldc = 0;
  if (layoutOf(C.rows, C.cols, C.rs, C.cs, ldc) == kCol) {
    // C^T = B^T A^T turns a column-major C into a row-major one.
    Mat At{A.p, A.cols, A.rows, A.cs, A.rs}, Bt{B.p, B.cols, B.rows, B.cs, B.rs}, Ct{C.p, C.cols, C.rows, C.cs, C.rs};
    A = Bt;
    B = At;
    C = Ct;
    std::swap(sa, sb);
    layoutOf(C.rows, C.cols, C.rs, C.cs, ldc);
  }
  const int64_t M = C.rows, N = C.cols;
  int64_t lda = 0, ldb = 0;
  const Layout la = layoutOf(A.rows, A.cols, A.rs, A.cs, lda);
  const Layout lb = layoutOf(B.rows, B.cols, B.rs, B.cs, ldb);
  // Column-major, cuBLAS computes C^T (N x M, ldc) = op(B) (N x K) op(A) (K x M).
  const int transB = lb == kRow ? cublas::kOpN : cublas::kOpT;
  const int transA = la == kRow ? cublas::kOpN : cublas::kOpT;
  const cublas::Api* api = cublas::api();
  cublas::Handle h = cublas::handle(ctx);
  const int m = static_cast<int>(N), n = static_cast<int>(M), k = static_cast<int>(K);
  const int cnt = static_cast<int>(count);
  switch (dtype) {
    case kFloat32: {
      const float one = 1.f, zero = 0.f;
      if (cublas::allowTf32()) {  // torch.backends.cuda.matmul.allow_tf32: TF32 tensor cores
        cublas::check(api->gemmStridedBatchedEx(h, transB, transA, m, n, k, &one, B.p, cublas::kR32F,
                                                static_cast<int>(ldb), sb, A.p, cublas::kR32F, static_cast<int>(lda),
                                                sa, &zero, C.p, cublas::kR32F, static_cast<int>(ldc), sc, cnt,
                                                cublas::kCompute32FFastTf32, cublas::kGemmDefault),
                      "matmul (cublasGemmStridedBatchedEx, TF32)");
        break;
      }
      cublas::check(api->sgemmStridedBatched(h, transB, transA, m, n, k, &one, reinterpret_cast<const float*>(B.p),
                                             static_cast<int>(ldb), sb, reinterpret_cast<const float*>(A.p),
                                             static_cast<int>(lda), sa, &zero, reinterpret_cast<float*>(C.p),
                                             static_cast<int>(ldc), sc, cnt),
                    "matmul (cublasSgemmStridedBatched)");
      break;
    }
    case kFloat64: {
      const double one = 1.0, zero = 0.0;
      cublas::check(api->dgemmStridedBatched(h, transB, transA, m, n, k, &one, reinterpret_cast<const double*>(B.p),
                                             static_cast<int>(ldb), sb, reinterpret_cast<const double*>(A.p),
                                             static_cast<int>(lda), sa, &zero, reinterpret_cast<double*>(C.p),
                                             static_cast<int>(ldc), sc, cnt),
                    "matmul (cublasDgemmStridedBatched)");
      break;
    }
    default: {  // float16 or bfloat16, float32 accumulation
      const float one = 1.f, zero = 0.f;
      const int t = dtype == kBFloat16 ? cublas::kR16BF : cublas::kR16F;
      cublas::check(api->gemmStridedBatchedEx(h, transB, transA, m, n, k, &one, B.p, t, static_cast<int>(ldb), sb, A.p,
                                              t, static_cast<int>(lda), sa, &zero, C.p, t, static_cast<int>(ldc), sc, cnt,
                                              cublas::kCompute32F, cublas::kGemmDefault),
                    "matmul (cublasGemmStridedBatchedEx)");
      break;
    }
  }
}

bool cublasLayoutOK(const View& v) {
  int64_t ld;
  const int nd = v.ndim;
  return layoutOf(v.shape[nd - 2], v.shape[nd - 1], v.strides[nd - 2], v.strides[nd - 1], ld) != kNone &&
         fitsInt(ld);
}

void matmulCublas(DeviceContext& ctx, const View& a, const View& b, const View& out) {
  const int nd = out.ndim;
  // Operands cuBLAS cannot address (e.g. both strides > 1) are first copied to contiguous temporaries.
  std::unique_ptr<TempBuffer> ta, tb, tc;
  View A = a, B = b, C = out;
  if (!cublasLayoutOK(a)) {
    ta = std::make_unique<TempBuffer>(ctx.index, static_cast<size_t>(a.numel()) * a.esize());
    A = contiguousView(ta->get(), a.dtype, a.ndim, a.shape);
    copy(ctx, a, A);
  }
  if (!cublasLayoutOK(b)) {
    tb = std::make_unique<TempBuffer>(ctx.index, static_cast<size_t>(b.numel()) * b.esize());
    B = contiguousView(tb->get(), b.dtype, b.ndim, b.shape);
    copy(ctx, b, B);
  }
  if (!cublasLayoutOK(out)) {
    tc = std::make_unique<TempBuffer>(ctx.index, static_cast<size_t>(out.numel()) * out.esize());
    C = contiguousView(tc->get(), out.dtype, out.ndim, out.shape);
  }
  const int64_t M = C.shape[nd - 2], N = C.shape[nd - 1], K = A.shape[nd - 1];
  // Batch dims, coalesced; cuBLAS batches over the innermost, the host loops over the rest.
  Walk<3> w = makeWalk<3>(nd - 2, C.shape, {C.strides, A.strides, B.strides});
  const int outer = w.ndim > 0 ? w.ndim - 1 : 0;
  const int64_t count = w.ndim > 0 ? w.sizes[w.ndim - 1] : 1;
  const int64_t sc = w.ndim > 0 ? w.strides[w.ndim - 1][0] : 0;
  const int64_t sa = w.ndim > 0 ? w.strides[w.ndim - 1][1] : 0;
  const int64_t sb = w.ndim > 0 ? w.strides[w.ndim - 1][2] : 0;
  require(fitsInt(count), "matmul", "batch too large for cuBLAS");
  int64_t outerCount = 1;
  for (int d = 0; d < outer; ++d) outerCount *= w.sizes[d];
  const int64_t es = C.esize();
  for (int64_t j = 0; j < outerCount; ++j) {
    int64_t r = j, oc = 0, oa = 0, ob = 0;
    for (int d = outer - 1; d >= 0; --d) {
      const int64_t c = r % w.sizes[d];
      r /= w.sizes[d];
      oc += c * w.strides[d][0];
      oa += c * w.strides[d][1];
      ob += c * w.strides[d][2];
    }
    Mat ma{A.data() + oa * es, M, K, A.strides[nd - 2], A.strides[nd - 1]};
    Mat mb{B.data() + ob * es, K, N, B.strides[nd - 2], B.strides[nd - 1]};
    Mat mc{C.data() + oc * es, M, N, C.strides[nd - 2], C.strides[nd - 1]};
    cublasGemm(ctx, out.dtype, ma, mb, mc, K, count, sa, sb, sc);
  }
  if (tc) copy(ctx, C, out);
}

void matmulBuiltin(DeviceContext& ctx, const View& a, const View& b, const View& out) {
  const int nd = out.ndim;
  const int64_t M = out.shape[nd - 2], N = out.shape[nd - 1], K = a.shape[nd - 1];
  Walk<3> w = makeWalk<3>(nd - 2, out.shape, {out.strides, a.strides, b.strides});
  require(w.ndim <= kMaxDims, "matmul", "too many batch dims after coalescing (at most 8)");
  BatchGeom g{};
  g.nb = w.ndim;
  g.count = 1;
  for (int d = 0; d < w.ndim; ++d) {
    g.size[d] = w.sizes[d];
    g.sc[d] = w.strides[d][0];
    g.sa[d] = w.strides[d][1];
    g.sb[d] = w.strides[d][2];
    g.count *= w.sizes[d];
  }
  const int64_t ars = a.strides[nd - 2], acs = a.strides[nd - 1], brs = b.strides[nd - 2], bcs = b.strides[nd - 1];
  const int64_t crs = out.strides[nd - 2], ccs = out.strides[nd - 1];
  switch (out.dtype) {
    case kFloat32:
      launchBuiltin(ctx, FloatProblem<float>{a.data(), b.data(), out.data(), ars, acs, brs, bcs, crs, ccs}, M, N, K, g);
      break;
    case kFloat64:
      launchBuiltin(ctx, FloatProblem<double>{a.data(), b.data(), out.data(), ars, acs, brs, bcs, crs, ccs}, M, N, K, g);
      break;
    case kFloat16:
      launchBuiltin(ctx, FloatProblem<__half>{a.data(), b.data(), out.data(), ars, acs, brs, bcs, crs, ccs}, M, N, K, g);
      break;
    case kBFloat16:
      launchBuiltin(ctx, FloatProblem<__nv_bfloat16>{a.data(), b.data(), out.data(), ars, acs, brs, bcs, crs, ccs}, M, N,
                    K, g);
      break;
    default:
      launchBuiltin(ctx, IntProblem{a.data(), b.data(), out.data(), ars, acs, brs, bcs, crs, ccs, out.dtype}, M, N, K, g);
      break;
  }
}

}  // namespace

void matmul(DeviceContext& ctx, const View& a, const View& b, const View& out) {
  const int nd = out.ndim;
  require(nd >= 2 && a.ndim == nd && b.ndim == nd, "matmul",
          "a " + shapeString(a) + ", b " + shapeString(b) + " and out " + shapeString(out) +
              " must have the same number (>= 2) of dims");
  requireDtype(a, out.dtype, "matmul", "a");
  requireDtype(b, out.dtype, "matmul", "b");
  const int64_t M = out.shape[nd - 2], N = out.shape[nd - 1], K = a.shape[nd - 1];
  bool ok = a.shape[nd - 2] == M && b.shape[nd - 2] == K && b.shape[nd - 1] == N;
  for (int d = 0; d < nd - 2; ++d) ok = ok && a.shape[d] == out.shape[d] && b.shape[d] == out.shape[d];
  require(ok, "matmul", "shapes do not match: a " + shapeString(a) + " @ b " + shapeString(b) + " -> out " +
                            shapeString(out));
  if (out.numel() == 0) return;
  if (K == 0) {
    fill(ctx, out, 0.0);  // an empty sum
    return;
  }
  const bool useCublas = cublas::api() != nullptr && isFloatingDType(out.dtype) && fitsInt(M) && fitsInt(N) &&
                         fitsInt(K);
  if (useCublas) matmulCublas(ctx, a, b, out);
  else matmulBuiltin(ctx, a, b, out);
  afterOp(ctx, "matmul");
}

}  // namespace tts
