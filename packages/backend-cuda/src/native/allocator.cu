// The caching allocator (see allocator.h).
#include "allocator.h"

#include <cstdio>
#include <map>
#include <unordered_map>
#include <vector>

#include "device.h"

namespace tts {

namespace {

constexpr size_t kMinBlock = 512;
constexpr size_t kSmallLimit = 1 << 20;

struct Pool {
  std::unordered_map<const void*, size_t> live;  // block -> rounded size
  std::multimap<size_t, void*> cached;           // rounded size -> free block
  size_t allocated = 0;
  size_t reserved = 0;
};

std::vector<Pool> pools;

Pool& poolOf(int dev) {
  if (dev < 0) throw Error("invalid CUDA device index " + std::to_string(dev));
  if (static_cast<size_t>(dev) >= pools.size()) pools.resize(dev + 1);
  return pools[dev];
}

// Size classes: multiples of 512 bytes below 1 MiB, then four classes per power of two
// (1, 1.25, 1.5, 1.75 x 2^k), so that a block wastes at most a quarter of itself.
size_t roundSize(size_t bytes) {
  if (bytes <= kMinBlock) return kMinBlock;
  if (bytes < kSmallLimit) return (bytes + kMinBlock - 1) / kMinBlock * kMinBlock;
  size_t p = 1;
  while (p <= bytes / 2) p <<= 1;  // largest power of two <= bytes
  size_t step = p / 4;
  return (bytes + step - 1) / step * step;
}

std::string mib(double bytes) {
  char buf[64];
  if (bytes >= 1024.0 * 1024 * 1024) std::snprintf(buf, sizeof buf, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
  else std::snprintf(buf, sizeof buf, "%.2f MiB", bytes / (1024.0 * 1024));
  return buf;
}

void releaseCached(DeviceContext& ctx, Pool& pool) {
  if (pool.cached.empty()) return;
  // Cached blocks may still be read by ops enqueued before they were freed.
  checkCuda(cudaStreamSynchronize(ctx.stream), "emptyCache (synchronize)");
  for (auto& [size, p] : pool.cached) {
    cudaError_t e = cudaFree(p);
    if (e != cudaSuccess) {
      cudaGetLastError();
      throw Error("CUDA error in emptyCache (cudaFree): " + cudaErrorText(e));
    }
    pool.reserved -= size;
  }
  pool.cached.clear();
}

}  // namespace

void* deviceAlloc(int dev, size_t bytes) {
  if (bytes == 0) return nullptr;
  DeviceContext& ctx = device(dev);
  Pool& pool = poolOf(dev);
  size_t size = roundSize(bytes);
  auto it = pool.cached.find(size);
  if (it != pool.cached.end()) {
    void* p = it->second;
    pool.cached.erase(it);
    pool.live.emplace(p, size);
    pool.allocated += size;
    return p;
  }
  void* p = nullptr;
  cudaError_t e = cudaMalloc(&p, size);
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    releaseCached(ctx, pool);
    e = cudaMalloc(&p, size);
  }
  if (e == cudaErrorMemoryAllocation) {
    cudaGetLastError();
    size_t freeBytes = 0, total = 0;
    cudaMemGetInfo(&freeBytes, &total);
    cudaGetLastError();
    throw Error("CUDA out of memory. Tried to allocate " + mib(static_cast<double>(bytes)) + " (GPU " +
                std::to_string(dev) + "; " + mib(static_cast<double>(total)) + " total capacity; " +
                mib(static_cast<double>(pool.allocated)) + " already allocated; " +
                mib(static_cast<double>(freeBytes)) + " free; " + mib(static_cast<double>(pool.reserved)) +
                " reserved in total by torchts)");
  }
  checkCuda(e, "cudaMalloc");
  pool.live.emplace(p, size);
  pool.allocated += size;
  pool.reserved += size;
  return p;
}

void deviceFree(int dev, void* p) {
  if (!p) return;
  Pool& pool = poolOf(dev);
  auto it = pool.live.find(p);
  if (it == pool.live.end()) return;  // not ours (or freed twice): nothing to do
  size_t size = it->second;
  pool.live.erase(it);
  pool.allocated -= size;
  pool.cached.emplace(size, p);
}

size_t blockCapacity(int dev, const void* p) {
  if (dev < 0 || static_cast<size_t>(dev) >= pools.size()) return 0;
  Pool& pool = pools[dev];
  auto it = pool.live.find(p);
  return it == pool.live.end() ? 0 : it->second;
}

size_t memoryAllocated(int dev) {
  if (dev < 0 || static_cast<size_t>(dev) >= pools.size()) return 0;
  return pools[dev].allocated;
}

size_t memoryReserved(int dev) {
  if (dev < 0 || static_cast<size_t>(dev) >= pools.size()) return 0;
  return pools[dev].reserved;
}

void emptyCache(int dev) {
  if (dev < 0 || static_cast<size_t>(dev) >= pools.size()) return;
  releaseCached(device(dev), pools[dev]);
}

}  // namespace tts
