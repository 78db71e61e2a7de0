/**
 * The runtime: batches longer than the uniform arena, writes ordered between kernels, and the
 * statistics that show pipelines being cached.
 */
import { describe, expect } from 'vitest';
import { float32 } from '@torchts/core';
import { f32Bits } from '../src/runtime.js';
import { webgpuBackend as be } from '../src/index.js';
import { emptyView, itGpu, skipReason, viewOf } from './helpers.js';

describe(`GpuRuntime${skipReason}`, () => {
  itGpu('runs more dispatches than one uniform arena holds, in order', async () => {
    const x = viewOf(be, float32, new Float32Array([0, 0, 0]), [3]);
    const one = viewOf(be, float32, new Float32Array([1]), [3], [0]);
    for (let i = 0; i < 1300; i++) be.binary(i % 2 ? 'add' : 'sub', x, one, x);
    be.binary('add', x, one, x);
    expect(Array.from(await be.readAsync(x))).toEqual([1, 1, 1]);
  });
  itGpu('orders writes between recorded kernels', async () => {
    const x = viewOf(be, float32, new Float32Array([1, 2]), [2]);
    const y = emptyView(be, float32, [2]);
    be.unary('neg', x, y);
    be.write(x.buffer, new Float32Array([10, 20]), 0);
    be.binary('add', x, y, y);
    expect(Array.from(await be.readAsync(y))).toEqual([9, 18]);
  });
  itGpu('compiles each kernel once', async () => {
    const x = viewOf(be, float32, new Float32Array(8), [8]);
    be.unary('sinh', x, x);
    const after = be.stats()!.pipelines;
    for (let i = 0; i < 5; i++) be.unary('sinh', { ...x, shape: [4], offset: i }, { ...x, shape: [4], offset: i });
    await be.synchronize(0);
    expect(be.stats()!.pipelines).toBe(after);
  });
  itGpu('destroys a buffer freed past the pool\'s capacity only after the commands that use it', async () => {
    const pool = (be as unknown as { runtime: { pool: { capacity: number } } }).runtime.pool;
    const capacity = pool.capacity;
    pool.capacity = 0;
    try {
      const x = emptyView(be, float32, [64]);
      const y = emptyView(be, float32, [64]);
      be.fill(x, 2);
      be.unary('neg', x, y);
      be.free(x.buffer); // recorded, not yet submitted: destroying now would fail the submit
      expect(Array.from(await be.readAsync(y)).every((v) => v === -2)).toBe(true);
      be.free(y.buffer);
    } finally {
      pool.capacity = capacity;
    }
  });
  itGpu('passes float parameters as their bits', () => {
    expect(f32Bits(1)).toBe(0x3f800000);
    expect(f32Bits(-Infinity)).toBe(0xff800000 | 0);
  });
});
