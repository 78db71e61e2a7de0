// Reductions over any set of dims.
//
// The host splits src's dims into kept dims (the output's) and reduced dims, coalescing each
// group. A block of (tx, ty) threads reduces ty outputs at a time, tx threads per output: when
// the densest src dim is reduced, tx lanes read consecutive elements of one output's range;
// otherwise tx = 1 and consecutive threads own consecutive outputs (column reductions, still
// coalesced). When that leaves the GPU idle (few outputs, long ranges) the range is split and a
// second kernel combines the partial states. float16/float32 accumulate in float, float64 in
// double, integers and bool in int64 (the output is int64 for sum/prod). max/min propagate NaN;
// argmax/argmin return the first index of the extreme value, a NaN counting as the extreme.
#include <algorithm>

#include "allocator.h"
#include "checks.h"
#include "kernels.h"
#include "math.cuh"
#include "ops.h"
#include "scalar.cuh"

namespace tts {

namespace {

struct ReduceGeom {
  int nk, nr;
  int splits;
  int64_t ksize[kMaxDims], kstride[kMaxDims], ostride[kMaxDims];
  int64_t rsize[kMaxDims], rstride[kMaxDims];
  int64_t numOut, R, chunk;
};

__device__ __forceinline__ void keptOffsets(const ReduceGeom& g, int64_t o, int64_t& src, int64_t& out) {
  src = 0;
  out = 0;
  for (int d = g.nk - 1; d >= 0; --d) {
    const int64_t q = o / g.ksize[d], c = o - q * g.ksize[d];
    o = q;
    src += c * g.kstride[d];
    out += c * g.ostride[d];
  }
}

__device__ __forceinline__ int64_t reducedOffset(const ReduceGeom& g, int64_t r) {
  if (g.nr == 1) return r * g.rstride[0];
  int64_t off = 0;
  for (int d = g.nr - 1; d >= 0; --d) {
    const int64_t q = r / g.rsize[d], c = r - q * g.rsize[d];
    r = q;
    off += c * g.rstride[d];
  }
  return off;
}

// ---- reduction ops: State, init, load (element at offset `off`, reduced index `r`), combine, store.
// Paired ops (sum/prod, max/min, argmax/argmin, all/any) share a type and branch on a flag that is
// uniform across the grid: half the kernels to compile, no measurable cost.

template <typename T>
struct SumProdF {
  using State = typename OpMath<T>::type;
  int srcDtype;
  bool prod;
  __device__ State init() const { return prod ? State(1) : State(0); }
  __device__ State load(const char* p, int64_t off, int64_t) const { return loadAs<T>(p, off); }
  __device__ State combine(State a, State b) const { return prod ? a * b : a + b; }
  __device__ void store(char* p, int dt, int64_t off, State s) const { storeScalar(p, dt, off, floatScalar(s)); }
};

struct SumProdI {
  using State = int64_t;
  int srcDtype;
  bool prod;
  __device__ State init() const { return prod ? 1 : 0; }
  __device__ State load(const char* p, int64_t off, int64_t) const { return loadInt(p, srcDtype, off); }
  __device__ State combine(State a, State b) const { return prod ? wrapMul(a, b) : wrapAdd(a, b); }
  __device__ void store(char* p, int dt, int64_t off, State s) const { storeScalar(p, dt, off, intScalar(s)); }
};

template <typename T>
struct ExtremeF {
  using State = typename OpMath<T>::type;
  int srcDtype;
  bool max;
  __device__ State init() const { return max ? -m::infinity<State>() : m::infinity<State>(); }
  __device__ State load(const char* p, int64_t off, int64_t) const { return loadAs<T>(p, off); }
  __device__ State combine(State a, State b) const {
    if (a != a) return a;
    if (b != b) return b;
    return (max ? b > a : b < a) ? b : a;
  }
  __device__ void store(char* p, int dt, int64_t off, State s) const { storeScalar(p, dt, off, floatScalar(s)); }
};

struct ExtremeI {
  using State = int64_t;
  int srcDtype;
  bool max;
  __device__ State init() const { return max ? INT64_MIN : INT64_MAX; }
  __device__ State load(const char* p, int64_t off, int64_t) const { return loadInt(p, srcDtype, off); }
  __device__ State combine(State a, State b) const { return (max ? b > a : b < a) ? b : a; }
  __device__ void store(char* p, int dt, int64_t off, State s) const { storeScalar(p, dt, off, intScalar(s)); }
};

template <typename V>
struct ArgState {
  V v;
  int64_t i;  // -1: none yet
};

// Order-independent: NaN first (smallest index among NaNs), then the extreme, ties to the smaller index.
template <typename V>
__device__ __forceinline__ ArgState<V> argCombine(ArgState<V> a, ArgState<V> b, bool max) {
  if (a.i < 0) return b;
  if (b.i < 0) return a;
  const bool an = a.v != a.v, bn = b.v != b.v;
  if (an || bn) {
    if (an && bn) return a.i < b.i ? a : b;
    return an ? a : b;
  }
  if (a.v == b.v) return a.i < b.i ? a : b;
  return (max ? a.v > b.v : a.v < b.v) ? a : b;
}

template <typename T>
struct ArgF {
  using V = typename OpMath<T>::type;
  using State = ArgState<V>;
  int srcDtype;
  bool max;
  __device__ State init() const { return State{V(0), -1}; }
  __device__ State load(const char* p, int64_t off, int64_t r) const { return State{loadAs<T>(p, off), r}; }
  __device__ State combine(State a, State b) const { return argCombine<V>(a, b, max); }
  __device__ void store(char* p, int dt, int64_t off, State s) const {
    storeScalar(p, dt, off, intScalar(s.i < 0 ? 0 : s.i));
  }
};

struct ArgI {
  using State = ArgState<int64_t>;
  int srcDtype;
  bool max;
  __device__ State init() const { return State{0, -1}; }
  __device__ State load(const char* p, int64_t off, int64_t r) const { return State{loadInt(p, srcDtype, off), r}; }
  __device__ State combine(State a, State b) const { return argCombine<int64_t>(a, b, max); }
  __device__ void store(char* p, int dt, int64_t off, State s) const {
    storeScalar(p, dt, off, intScalar(s.i < 0 ? 0 : s.i));
  }
};

struct Logical {
  using State = int;
  int srcDtype;
  bool all;
  __device__ State init() const { return all ? 1 : 0; }
  __device__ State load(const char* p, int64_t off, int64_t) const {
    const Scalar s = loadScalar(p, srcDtype, off);
    return s.isFloat ? s.f != 0.0 : s.i != 0;  // NaN is true
  }
  __device__ State combine(State a, State b) const { return all ? (a && b) : (a || b); }
  __device__ void store(char* p, int dt, int64_t off, State s) const { storeScalar(p, dt, off, intScalar(s)); }
};

// ---- kernels

template <class Op>
__global__ void reduceKernel(const char* src, char* out, int outDtype, ReduceGeom g, Op op,
                             typename Op::State* ws) {
  using State = typename Op::State;
  extern __shared__ __align__(16) unsigned char smem[];
  State* buf = reinterpret_cast<State*>(smem);
  const int tx = blockDim.x, ty = blockDim.y;
  const int64_t total = g.numOut * g.splits;
  for (int64_t base = static_cast<int64_t>(blockIdx.x) * ty; base < total; base += static_cast<int64_t>(gridDim.x) * ty) {
    const int64_t v = base + threadIdx.y;
    const bool active = v < total;
    State s = op.init();
    int64_t o = 0, srcOff = 0, outOff = 0;
    if (active) {
      o = v % g.numOut;  // outputs fastest: consecutive threads own consecutive outputs
      const int64_t split = v / g.numOut;
      keptOffsets(g, o, srcOff, outOff);
      const int64_t r0 = split * g.chunk;
      const int64_t r1 = min(g.R, r0 + g.chunk);
      for (int64_t r = r0 + threadIdx.x; r < r1; r += tx) s = op.combine(s, op.load(src, srcOff + reducedOffset(g, r), r));
    }
    if (tx > 1) {
      State* row = buf + threadIdx.y * tx;
      row[threadIdx.x] = s;
      __syncthreads();
      for (int w = tx / 2; w > 0; w >>= 1) {
        if (threadIdx.x < w) row[threadIdx.x] = op.combine(row[threadIdx.x], row[threadIdx.x + w]);
        __syncthreads();
      }
      s = row[0];
    }
    if (active && threadIdx.x == 0) {
      if (ws) ws[v] = s;
      else op.store(out, outDtype, outOff, s);
    }
    if (tx > 1) __syncthreads();
  }
}

template <class Op>
__global__ void reduceFinalizeKernel(const typename Op::State* ws, char* out, int outDtype, ReduceGeom g, Op op) {
  const int64_t step = static_cast<int64_t>(gridDim.x) * blockDim.x;
  for (int64_t o = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x; o < g.numOut; o += step) {
    typename Op::State s = op.init();
    for (int j = 0; j < g.splits; ++j) s = op.combine(s, ws[j * g.numOut + o]);
    int64_t srcOff, outOff;
    keptOffsets(g, o, srcOff, outOff);
    op.store(out, outDtype, outOff, s);
  }
}

int nextPow2(int64_t n) {
  int p = 1;
  while (p < n && p < 256) p <<= 1;
  return p;
}

template <class Op>
void launchReduce(DeviceContext& ctx, const char* name, const View& src, const View& out, ReduceGeom g,
                  bool innerReduced, Op op) {
  using State = typename Op::State;
  const int tx = g.R <= 1 || !innerReduced ? 1 : nextPow2(g.R);
  const int ty = 256 / tx;
  // Split long ranges when the outputs alone would leave most of the GPU idle.
  const int64_t target = static_cast<int64_t>(ctx.smCount) * 2048;
  const int64_t threads = g.numOut * tx;
  g.splits = 1;
  g.chunk = g.R > 0 ? g.R : 1;
  if (g.R >= 4096 && threads < target) {
    int64_t s = std::min<int64_t>((target + threads - 1) / threads, (g.R + 1023) / 1024);
    s = std::max<int64_t>(1, std::min<int64_t>(s, 4096));
    g.chunk = (g.R + s - 1) / s;
    g.splits = static_cast<int>((g.R + g.chunk - 1) / g.chunk);
  }
  const int64_t total = g.numOut * g.splits;
  const int64_t blocks = std::min<int64_t>((total + ty - 1) / ty, static_cast<int64_t>(ctx.smCount) * 32);
  const size_t shared = tx > 1 ? sizeof(State) * 256 : 0;
  dim3 block(tx, ty);
  if (g.splits == 1) {
    reduceKernel<Op><<<static_cast<unsigned>(blocks), block, shared, ctx.stream>>>(src.data(), out.data(), out.dtype, g,
                                                                                  op, nullptr);
    checkLaunch(name);
  } else {
    TempBuffer ws(ctx.index, sizeof(State) * static_cast<size_t>(total));
    reduceKernel<Op><<<static_cast<unsigned>(blocks), block, shared, ctx.stream>>>(src.data(), out.data(), out.dtype, g,
                                                                                  op, ws.as<State>());
    checkLaunch(name);
    reduceFinalizeKernel<Op><<<ctx.gridFor(g.numOut, 256), 256, 0, ctx.stream>>>(ws.as<State>(), out.data(), out.dtype, g,
                                                                                 op);
    checkLaunch(name);
  }
}

}  // namespace

void reduce(DeviceContext& ctx, int op, const View& src, const int* dims, int ndims, const View& out) {
  require(op >= 0 && op < kNumReduceOps, "reduce", "unknown op code " + std::to_string(op));
  const char* name = kReduceOpNames[op];
  const int nd = src.ndim;
  bool reduced[kMaxViewDims] = {};
  for (int i = 0; i < ndims; ++i) {
    if (nd == 0) continue;  // a scalar reduces over nothing
    reduced[normDim(dims[i], nd, name)] = true;
  }
  require(out.ndim == nd, name, "out " + shapeString(out) + " must keep src's " + std::to_string(nd) + " dims");
  for (int d = 0; d < nd; ++d) {
    const int64_t want = reduced[d] ? 1 : src.shape[d];
    require(out.shape[d] == want, name, "out " + shapeString(out) + " does not match src " + shapeString(src));
  }
  const bool srcFloat = isFloatingDType(src.dtype);
  int outDtype;
  switch (op) {
    case kSum: case kProd: outDtype = srcFloat ? src.dtype : kInt64; break;
    case kArgmax: case kArgmin: outDtype = kInt64; break;
    case kAll: case kAny: outDtype = kBool; break;
    default: outDtype = src.dtype; break;
  }
  requireDtype(out, outDtype, name, "out");

  ReduceGeom g{};
  int64_t numOut = 1, R = 1;
  // Kept dims (coalesced from the innermost outward).
  int64_t ks[kMaxViewDims], kst[kMaxViewDims], kos[kMaxViewDims], rs[kMaxViewDims], rst[kMaxViewDims];
  int nk = 0, nr = 0;
  for (int d = nd - 1; d >= 0; --d) {
    const int64_t n = src.shape[d];
    if (reduced[d]) R *= n;
    else numOut *= n;
    if (n == 1) continue;
    if (reduced[d]) {
      if (nr > 0 && src.strides[d] == rst[nr - 1] * rs[nr - 1]) {
        rs[nr - 1] *= n;
      } else {
        rs[nr] = n;
        rst[nr] = src.strides[d];
        ++nr;
      }
    } else {
      if (nk > 0 && src.strides[d] == kst[nk - 1] * ks[nk - 1] && out.strides[d] == kos[nk - 1] * ks[nk - 1]) {
        ks[nk - 1] *= n;
      } else {
        ks[nk] = n;
        kst[nk] = src.strides[d];
        kos[nk] = out.strides[d];
        ++nk;
      }
    }
  }
  if (numOut == 0) return;
  require(nk <= kMaxDims && nr <= kMaxDims, name, "too many dims after coalescing (at most 8 kept and 8 reduced)");
  // The lists were built innermost first: flip them to outermost first.
  g.nk = nk;
  g.nr = nr;
  for (int i = 0; i < nk; ++i) {
    g.ksize[i] = ks[nk - 1 - i];
    g.kstride[i] = kst[nk - 1 - i];
    g.ostride[i] = kos[nk - 1 - i];
  }
  for (int i = 0; i < nr; ++i) {
    g.rsize[i] = rs[nr - 1 - i];
    g.rstride[i] = rst[nr - 1 - i];
  }
  g.numOut = numOut;
  g.R = R;
  if (R == 0) g.nr = 0;
  // Is the densest src dim a reduced one?
  bool innerReduced = false;
  int64_t best = -1;
  for (int d = 0; d < nd; ++d) {
    if (src.shape[d] <= 1) continue;
    const int64_t s = src.strides[d] < 0 ? -src.strides[d] : src.strides[d];
    if (best < 0 || s < best) {
      best = s;
      innerReduced = reduced[d];
    }
  }
  const int dt = src.dtype;
  const auto go = [&](auto reduction) { launchReduce(ctx, name, src, out, g, innerReduced, reduction); };
  switch (op) {
    case kSum: case kProd: {
      const bool prod = op == kProd;
      if (dt == kFloat32) go(SumProdF<float>{dt, prod});
      else if (dt == kFloat64) go(SumProdF<double>{dt, prod});
      else if (dt == kFloat16) go(SumProdF<__half>{dt, prod});
      else if (dt == kBFloat16) go(SumProdF<__nv_bfloat16>{dt, prod});
      else go(SumProdI{dt, prod});
      break;
    }
    case kMax: case kMin: {
      const bool max = op == kMax;
      if (dt == kFloat32) go(ExtremeF<float>{dt, max});
      else if (dt == kFloat64) go(ExtremeF<double>{dt, max});
      else if (dt == kFloat16) go(ExtremeF<__half>{dt, max});
      else if (dt == kBFloat16) go(ExtremeF<__nv_bfloat16>{dt, max});
      else go(ExtremeI{dt, max});
      break;
    }
    case kArgmax: case kArgmin: {
      const bool max = op == kArgmax;
      if (dt == kFloat32) go(ArgF<float>{dt, max});
      else if (dt == kFloat64) go(ArgF<double>{dt, max});
      else if (dt == kFloat16) go(ArgF<__half>{dt, max});
      else if (dt == kBFloat16) go(ArgF<__nv_bfloat16>{dt, max});
      else go(ArgI{dt, max});
      break;
    }
    default: go(Logical{dt, op == kAll}); break;
  }
  afterOp(ctx, name);
}

}  // namespace tts
