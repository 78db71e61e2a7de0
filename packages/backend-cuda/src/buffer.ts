/**
 * The CUDA backend's buffers: device memory from the addon's caching allocator.
 * @module
 */
import type { BackendBuffer, DType } from '@torchts/core';

/**
 * A CUDA buffer: `numel` elements of `dtype` at a device address on `cuda:<device>`. float16 is
 * stored as IEEE half (2 bytes), bfloat16 as `__nv_bfloat16` (2 bytes), int64 as real 64-bit
 * integers, bool as one byte of 0/1; reads and writes convert from and to the dtype's CPU
 * TypedArray.
 *
 * @example
 * const buf = cudaBackend.alloc(float32, 4, 0) as CudaBuffer;
 * buf.bytes; // 16
 */
export class CudaBuffer implements BackendBuffer {
  /** Set by `free`; a freed buffer must not be used again. */
  freed = false;
  constructor(
    readonly dtype: DType,
    readonly numel: number,
    /** Index of the CUDA device that owns the buffer. */
    readonly device: number,
    /** The device address (0 for an empty buffer). */
    readonly address: number,
    /** Bytes the buffer holds (`numel * dtype.itemsize`). */
    readonly bytes: number,
  ) {}
}
