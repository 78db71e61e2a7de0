// The caching allocator and error handling on a GPU: reuse by size class, emptyCache, "CUDA out
// of memory" as a RuntimeError (and the backend still working afterwards), data errors raised at
// the next read, views that reach outside their buffer, and a 10,000-step loop whose
// memoryAllocated() returns to where it started while memoryReserved() stops growing.
// Without a GPU every test is skipped with the reason ("no CUDA driver").
import { describe, expect, it } from 'vitest';
import { dtypes, RuntimeError, type View } from '@torchts/core';
import { cuda, cudaBackend, type CudaBuffer } from '../src/index.js';

const { float32, int64, int32 } = dtypes;
const reason = cudaBackend.unavailableReason();
const gpu = reason === null ? it : it.skip;
const why = reason === null ? '' : ` (skipped: ${reason})`;
const MiB = 1024 * 1024;

function whole(buffer: CudaBuffer, shape: number[] = [buffer.numel]): View {
  const strides: number[] = [];
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d]!;
  }
  return { buffer, shape, strides, offset: 0 };
}

describe('CUDA memory and errors', () => {
  gpu(`caches freed blocks by size class and empties the cache${why}`, () => {
    cuda.emptyCache();
    const before = cuda.memoryAllocated();
    const a = cudaBackend.alloc(float32, MiB, 0); // 4 MiB
    expect(cuda.memoryAllocated()).toBeGreaterThanOrEqual(before + 4 * MiB);
    const reserved = cuda.memoryReserved();
    cudaBackend.free(a);
    expect(cuda.memoryAllocated()).toBe(before);
    expect(cuda.memoryReserved()).toBe(reserved);
    const b = cudaBackend.alloc(float32, MiB - 100, 0); // same size class: the cached block is reused
    expect(cuda.memoryReserved()).toBe(reserved);
    cudaBackend.free(b);
    cudaBackend.free(b); // twice is harmless
    cuda.emptyCache();
    expect(cuda.memoryReserved()).toBe(cuda.memoryAllocated());
  });

  gpu(`throws "CUDA out of memory" as a RuntimeError and keeps working${why}`, () => {
    let err: unknown;
    try {
      cudaBackend.alloc(float32, 2 ** 48, 0); // 1 PiB
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toMatch(
      /^CUDA out of memory\. Tried to allocate 1048576\.00 GiB \(GPU 0; [\d.]+ GiB total capacity; [\d.]+ [MG]iB already allocated; [\d.]+ [MG]iB free; [\d.]+ [MG]iB reserved in total by torchts\)$/);
    const buf = cudaBackend.alloc(float32, 1000, 0);
    cudaBackend.fill(whole(buf), 2.5);
    expect(Array.from(cudaBackend.read(whole(buf, [2])))).toEqual([2.5, 2.5]);
    cudaBackend.free(buf);
  });

  gpu(`raises index errors at the next read, then keeps working${why}`, () => {
    const src = cudaBackend.alloc(float32, 3, 0), index = cudaBackend.alloc(int64, 2, 0), out = cudaBackend.alloc(float32, 2, 0);
    cudaBackend.write(src, new Float32Array([1, 2, 3]), 0);
    cudaBackend.write(index, new Float64Array([2, 7]), 0);
    cudaBackend.gather(whole(src), 0, whole(index), whole(out));
    expect(() => cudaBackend.read(whole(out))).toThrow(/^index 7 is out of bounds for dimension 0 with size 3 \(raised asynchronously by gather/);
    cudaBackend.indexSelect(whole(src), 0, whole(index), whole(out));
    expect(() => cuda.synchronize()).toThrow(/^index out of range in self/);
    cudaBackend.write(index, new Float64Array([2, 0]), 0);
    cudaBackend.gather(whole(src), 0, whole(index), whole(out));
    expect(Array.from(cudaBackend.read(whole(out)))).toEqual([3, 1]);
    for (const b of [src, index, out]) cudaBackend.free(b);
  });

  gpu(`raises ZeroDivisionError for integer division by zero${why}`, () => {
    const a = cudaBackend.alloc(int32, 2, 0), b = cudaBackend.alloc(int32, 2, 0);
    cudaBackend.write(a, new Int32Array([7, -7]), 0);
    cudaBackend.write(b, new Int32Array([2, 0]), 0);
    cudaBackend.binary('divFloor', whole(a), whole(b), whole(a));
    expect(() => cudaBackend.read(whole(a))).toThrow(/^ZeroDivisionError/);
    cudaBackend.free(a);
    cudaBackend.free(b);
  });

  gpu(`refuses views that reach outside their buffer, and freed buffers${why}`, () => {
    const buf = cudaBackend.alloc(float32, 4, 0);
    expect(() => cudaBackend.fill({ buffer: buf, shape: [100000], strides: [1], offset: 0 }, 1)).toThrow(/reaches outside its buffer/);
    expect(() => cudaBackend.fill({ buffer: buf, shape: [2], strides: [-1], offset: 0 }, 1)).toThrow(/reaches outside its buffer/);
    cudaBackend.free(buf);
    expect(() => cudaBackend.fill(whole(buf), 1)).toThrow(/already freed/);
  });

  gpu(`keeps memoryAllocated flat over a 10,000-step loop${why}`, () => {
    cuda.synchronize();
    const base = cuda.memoryAllocated();
    let reservedAfterWarmup = -1;
    const ones = new Float32Array(128 * 64).fill(0.01);
    for (let step = 0; step < 10000; step++) {
      const rows = 64 + (step % 3); // three size classes, as a last short batch would add
      const x = cudaBackend.alloc(float32, rows * 128, 0);
      const w = cudaBackend.alloc(float32, 128 * 64, 0);
      const y = cudaBackend.alloc(float32, rows * 64, 0);
      const s = cudaBackend.alloc(float32, rows, 0);
      const total = cudaBackend.alloc(float32, 1, 0);
      cudaBackend.fill(whole(x, [rows, 128]), 1);
      cudaBackend.write(w, ones, 0);
      cudaBackend.matmul(whole(x, [rows, 128]), whole(w, [128, 64]), whole(y, [rows, 64]));
      cudaBackend.unary('relu', whole(y, [rows, 64]), whole(y, [rows, 64]));
      cudaBackend.reduce('sum', whole(y, [rows, 64]), [1], whole(s, [rows, 1]));
      cudaBackend.reduce('sum', whole(s, [rows]), [0], whole(total, [1]));
      if (step % 1000 === 999) {
        const t = cudaBackend.read(whole(total))[0]!;
        expect(Math.abs(t - rows * 64 * 1.28)).toBeLessThan(1e-2);
      }
      for (const b of [x, w, y, s, total]) cudaBackend.free(b);
      if (step === 100) reservedAfterWarmup = cuda.memoryReserved();
    }
    cuda.synchronize();
    expect(cuda.memoryAllocated()).toBe(base);
    expect(cuda.memoryReserved()).toBe(reservedAfterWarmup);
  });
});
