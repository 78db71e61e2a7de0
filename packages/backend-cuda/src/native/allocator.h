// The caching device allocator: blocks are rounded up to a size class and, once freed, kept in
// a per-device pool for reuse by the next allocation of that class. Every kernel of a device
// runs on its one stream, so a block freed after the ops that use it were enqueued can be handed
// out again at once: the next user's ops are enqueued after them (stream order).
#pragma once

#include <cstddef>

namespace tts {

// Allocates at least `bytes` bytes on device `dev` (nullptr for 0). On cudaErrorMemoryAllocation
// it frees the cache and retries, then throws "CUDA out of memory. Tried to allocate ...".
void* deviceAlloc(int dev, size_t bytes);

// Returns a block from deviceAlloc to the pool.
void deviceFree(int dev, void* p);

// The usable size of a live block starting at `p` (0 if `p` is not one).
size_t blockCapacity(int dev, const void* p);

// Bytes in blocks handed out (torch.cuda.memory_allocated).
size_t memoryAllocated(int dev);

// Bytes held from CUDA: handed out plus cached (torch.cuda.memory_reserved).
size_t memoryReserved(int dev);

// Returns every cached block to CUDA (torch.cuda.empty_cache).
void emptyCache(int dev);

// A temporary device buffer for the duration of one op (freed in stream order).
class TempBuffer {
 public:
  TempBuffer(int dev, size_t bytes) : dev_(dev), p_(deviceAlloc(dev, bytes)) {}
  ~TempBuffer() { deviceFree(dev_, p_); }
  TempBuffer(const TempBuffer&) = delete;
  TempBuffer& operator=(const TempBuffer&) = delete;
  void* get() const { return p_; }
  template <typename T>
  T* as() const { return static_cast<T*>(p_); }

 private:
  int dev_;
  void* p_;
};

}  // namespace tts
