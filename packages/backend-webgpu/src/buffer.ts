/**
 * WebGPU buffers of the backend and the pool that recycles them by size class, so that a
 * training loop allocating the same shapes every step creates no new GPU buffers after the first.
 * @module
 */
import type { BackendBuffer, DType } from '@torchts/core';

/** Bytes per element on the GPU: every dtype takes one 32-bit word (see `wgsl/dtype.ts`). */
export const ELEMENT_BYTES = 4;

/**
 * A tensor's storage on the GPU: `numel` elements of `dtype`, one 32-bit word each, in a
 * `GPUBuffer` that may be larger (its size class).
 *
 * @example
 * const buf = webgpuBackend.alloc(float32, 10, 0) as WebGpuBuffer;
 * buf.gpu.size; // 64: the smallest size class that holds 40 bytes
 */
export class WebGpuBuffer implements BackendBuffer {
  /** Set by `free`; a freed buffer must not be used again. */
  freed = false;
  constructor(
    readonly dtype: DType,
    readonly numel: number,
    /** The GPU buffer (shared with nobody while this buffer lives). */
    readonly gpu: GPUBuffer,
  ) {}
}

/**
 * The size class of a request: at least 16 bytes, powers of two up to 4 KiB, then steps of a
 * quarter of the power of two below (so at most 25% is wasted).
 */
export function sizeClass(bytes: number): number {
  if (bytes <= 16) return 16;
  if (bytes <= 4096) return 2 ** Math.ceil(Math.log2(bytes));
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 2);
  return Math.ceil(bytes / step) * step;
}

/** Recycles GPU buffers of one usage by size class, keeping at most `capacity` idle bytes. */
export class BufferPool {
  private readonly idle = new Map<number, GPUBuffer[]>();
  private idleBytes = 0;
  /** Buffers created and not destroyed (live and idle), and their bytes. */
  created = 0;
  createdBytes = 0;

  constructor(
    private readonly create: (size: number) => GPUBuffer,
    /** Idle bytes kept for reuse; beyond it freed buffers are destroyed. */
    public capacity: number,
    /** Destroys a buffer (the runtime defers it past the submission of recorded commands). */
    private readonly dispose: (buf: GPUBuffer) => void = (buf) => buf.destroy(),
  ) {}

  /** A buffer of exactly `sizeClass(bytes)` bytes, recycled when one is idle. */
  acquire(bytes: number): GPUBuffer {
    const size = sizeClass(bytes);
    const list = this.idle.get(size);
    const reused = list?.pop();
    if (reused) {
      this.idleBytes -= size;
      return reused;
    }
    const buf = this.create(size);
    this.created++;
    this.createdBytes += size;
    return buf;
  }

  /** Gives a buffer back; it may be handed out again by the next `acquire` of its size class. */
  release(buf: GPUBuffer): void {
    const size = buf.size;
    if (this.idleBytes + size > this.capacity) {
      this.destroy(buf);
      return;
    }
    let list = this.idle.get(size);
    if (!list) this.idle.set(size, (list = []));
    list.push(buf);
    this.idleBytes += size;
  }

  /** Destroys every idle buffer. */
  trim(): void {
    for (const list of this.idle.values()) for (const b of list) this.destroy(b);
    this.idle.clear();
    this.idleBytes = 0;
  }

  /** Idle bytes held for reuse. */
  get idleSize(): number {
    return this.idleBytes;
  }

  private destroy(buf: GPUBuffer): void {
    this.created--;
    this.createdBytes -= buf.size;
    this.dispose(buf);
  }
}
