/**
 * The CPU backend's buffers: a dtype, an element count, the TypedArray that holds the
 * elements (see `DType.ArrayType`) and the index of the CPU device that owns it.
 * @module
 */
import type { BackendBuffer, DType, TypedArray, View } from '@torchts/core';
import { RuntimeError } from './errors.js';

/**
 * A CPU buffer. `data` is the dtype's CPU TypedArray (float16 values in a `Float32Array`
 * rounded to half, int64 in a `Float64Array` of integers, bool in a `Uint8Array` of 0/1).
 *
 * @example
 * const buf = cpuBackend.alloc(float32, 4, 0) as CpuBuffer;
 * buf.data; // Float32Array(4)
 */
export class CpuBuffer implements BackendBuffer {
  /** Set by `free`; a freed buffer must not be used again. */
  freed = false;
  constructor(
    readonly dtype: DType,
    readonly numel: number,
    /** The elements; shared with the caller for wrapped arrays. */
    public data: TypedArray,
    /** Index of the CPU device (`cpu:<device>`) that owns the buffer. */
    readonly device: number,
  ) {}
}

/** The TypedArray behind a view's buffer. */
export function dataOf(view: View): TypedArray {
  const buf = view.buffer as CpuBuffer;
  if (buf.freed) throw new RuntimeError('the CPU backend was given a buffer that was already freed');
  return buf.data;
}

/** A contiguous view over a fresh or given array, for kernels' temporaries. */
export function tempView(dtype: DType, data: TypedArray, shape: readonly number[], strides: readonly number[],
  offset = 0): View {
  return { buffer: new CpuBuffer(dtype, data.length, data, 0), shape, strides, offset };
}
