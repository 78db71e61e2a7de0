// Run-time loading of cuBLAS (see cublas.h).
#include "cublas.h"

#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <vector>

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

void* symbol(void* lib, const char* a, const char* b = nullptr) {
  void* p = dlsym(lib, a);
  if (!p && b) p = dlsym(lib, b);
  return p;
}

void load() {
  attempted = true;
  const char* mode = std::getenv("TORCHTS_CUDA_MATMUL");
  if (mode && std::strcmp(mode, "builtin") == 0) {
    failure = "TORCHTS_CUDA_MATMUL=builtin";
    return;
  }
  std::vector<std::string> candidates;
  if (const char* path = std::getenv("TORCHTS_CUBLAS")) candidates.emplace_back(path);
  for (const char* name : {"libcublas.so.13", "libcublas.so.12", "libcublas.so"}) candidates.emplace_back(name);
  for (const char* dir : {"/usr/local/cuda/lib64/", "/usr/local/cuda/targets/x86_64-linux/lib/"}) {
    for (const char* name : {"libcublas.so.13", "libcublas.so.12"}) candidates.emplace_back(std::string(dir) + name);
  }
  std::string errors;
  for (const std::string& c : candidates) {
    void* lib = dlopen(c.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
      const char* e = dlerror();
      if (errors.size() < 400) errors += std::string(errors.empty() ? "" : "; ") + (e ? e : c.c_str());
      continue;
    }
    Api t{};
    t.create = reinterpret_cast<decltype(t.create)>(symbol(lib, "cublasCreate_v2", "cublasCreate"));
    t.setStream = reinterpret_cast<decltype(t.setStream)>(symbol(lib, "cublasSetStream_v2", "cublasSetStream"));
    t.sgemmStridedBatched =
        reinterpret_cast<decltype(t.sgemmStridedBatched)>(symbol(lib, "cublasSgemmStridedBatched"));
    t.dgemmStridedBatched =
        reinterpret_cast<decltype(t.dgemmStridedBatched)>(symbol(lib, "cublasDgemmStridedBatched"));
    t.gemmStridedBatchedEx =
        reinterpret_cast<decltype(t.gemmStridedBatchedEx)>(symbol(lib, "cublasGemmStridedBatchedEx"));
    t.getStatusString = reinterpret_cast<decltype(t.getStatusString)>(symbol(lib, "cublasGetStatusString"));
    t.getVersion = reinterpret_cast<decltype(t.getVersion)>(symbol(lib, "cublasGetVersion_v2", "cublasGetVersion"));
    if (!t.create || !t.setStream || !t.sgemmStridedBatched || !t.dgemmStridedBatched || !t.gemmStridedBatchedEx) {
      errors += "; " + c + " lacks the gemm entry points";
      dlclose(lib);
      continue;
    }
    table = t;
    loaded = &table;
    loadedFrom = c;
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
