// Run-time loading of cuBLAS (see cublas.h).
#include "cublas.h"

#include <cstdlib>
#include <cstring>
#include <vector>

#include "runtime-library.h"

namespace tts {
namespace cublas {

namespace {

bool attempted = false;
bool userEnabled = true;
Api table{};
const Api* loaded = nullptr;
std::string loadedFrom;
std::string failure;
std::vector<Handle> handles;

void load() {
  attempted = true;
  const char* mode = std::getenv("TORCHTS_CUDA_MATMUL");
  if (mode && std::strcmp(mode, "builtin") == 0) {
    failure = "TORCHTS_CUDA_MATMUL=builtin";
    return;
  }
  std::string errors;
  const std::string path = openFirstLibrary(
      libraryCandidates("TORCHTS_CUBLAS", {"libcublas.so.13", "libcublas.so.12", "libcublas.so"}),
      [](void* lib) {
        Api t{};
        t.create = reinterpret_cast<decltype(t.create)>(librarySymbol(lib, "cublasCreate_v2", "cublasCreate"));
        t.setStream = reinterpret_cast<decltype(t.setStream)>(librarySymbol(lib, "cublasSetStream_v2", "cublasSetStream"));
        t.sgemmStridedBatched =
            reinterpret_cast<decltype(t.sgemmStridedBatched)>(librarySymbol(lib, "cublasSgemmStridedBatched"));
        t.dgemmStridedBatched =
            reinterpret_cast<decltype(t.dgemmStridedBatched)>(librarySymbol(lib, "cublasDgemmStridedBatched"));
        t.gemmStridedBatchedEx =
            reinterpret_cast<decltype(t.gemmStridedBatchedEx)>(librarySymbol(lib, "cublasGemmStridedBatchedEx"));
        t.getStatusString = reinterpret_cast<decltype(t.getStatusString)>(librarySymbol(lib, "cublasGetStatusString"));
        t.getVersion =
            reinterpret_cast<decltype(t.getVersion)>(librarySymbol(lib, "cublasGetVersion_v2", "cublasGetVersion"));
        if (!t.create || !t.setStream || !t.sgemmStridedBatched || !t.dgemmStridedBatched || !t.gemmStridedBatchedEx) {
          return false;
        }
        table = t;
        return true;
      },
      errors);
  if (!path.empty()) {
    loaded = &table;
    loadedFrom = path;
    return;
  }
  failure = "cuBLAS not found: " + errors;
}

}  // namespace

const Api* api() {
  if (!attempted) load();
  return userEnabled ? loaded : nullptr;
}

void setEnabled(bool e) { userEnabled = e; }
bool enabled() { return userEnabled; }

namespace {
bool tf32 = false;
}  // namespace

void setAllowTf32(bool allow) { tf32 = allow; }
bool allowTf32() { return tf32; }

void check(Status s, const char* what) {
  if (s == 0) return;
  std::string text = loaded && loaded->getStatusString ? loaded->getStatusString(s) : "status " + std::to_string(s);
  throw Error(std::string("cuBLAS error in ") + what + ": " + text);
}

Handle handle(DeviceContext& ctx) {
  const Api* a = api();
  if (!a) throw Error("cuBLAS is not loaded");
  if (handles.size() <= static_cast<size_t>(ctx.index)) handles.resize(ctx.index + 1, nullptr);
  Handle& h = handles[ctx.index];
  if (!h) {
    check(a->create(&h), "cublasCreate");
    check(a->setStream(h, ctx.stream), "cublasSetStream");
  }
  return h;
}

std::string describe(int dev) {
  if (!attempted) load();
  if (!loaded) return "builtin GEMM kernels (" + failure + ")";
  std::string version;
  if (loaded->getVersion) {
    try {
      int v = 0;
      if (loaded->getVersion(handle(device(dev)), &v) == 0) {
        version = " " + std::to_string(v / 10000) + "." + std::to_string(v / 100 % 100) + "." + std::to_string(v % 100);
      }
    } catch (const std::exception&) {
    }
  }
  return "cuBLAS" + version + " (" + loadedFrom + ")" + (userEnabled ? "" : ", disabled: builtin GEMM kernels in use");
}

}  // namespace cublas
}  // namespace tts
