import { describe, expect, it } from 'vitest';
import { float32, float64, RuntimeError, type View } from '@torchts/core';
import { CudaBuffer } from '../src/buffer.js';
import { ViewPacker } from '../src/views.js';

const codes: Record<string, number> = { float32: 0, float64: 1 };
const packer = () => new ViewPacker((v: View) => codes[v.buffer.dtype.name]!);

describe('ViewPacker', () => {
  it('packs address, dtype, ndim, offset, shape and strides of each view', () => {
    const a = new CudaBuffer(float32, 24, 0, 4096, 96);
    const b = new CudaBuffer(float64, 6, 0, 8192, 48);
    const p = packer()
      .push({ buffer: a, shape: [2, 3, 4], strides: [12, 1, 3], offset: 0 })
      .push({ buffer: b, shape: [], strides: [], offset: 5 });
    expect(Array.from(p.data.subarray(0, p.length))).toEqual([4096, 0, 3, 0, 2, 3, 4, 12, 1, 3, 8192, 1, 0, 5]);
    expect(p.device).toBe(0);
    p.reset();
    expect(p.length).toBe(0);
    expect(p.device).toBe(-1);
  });

  it('grows for views with many dims', () => {
    const a = new CudaBuffer(float32, 1, 0, 4096, 4);
    const nd = 600;
    const p = packer().push({ buffer: a, shape: Array(nd).fill(1), strides: Array(nd).fill(1), offset: 0 });
    expect(p.length).toBe(4 + 2 * nd);
  });

  it('refuses freed buffers, foreign buffers and mixed devices', () => {
    const a = new CudaBuffer(float32, 4, 0, 4096, 16);
    const b = new CudaBuffer(float32, 4, 1, 8192, 16);
    const view = (buffer: CudaBuffer): View => ({ buffer, shape: [4], strides: [1], offset: 0 });
    expect(() => packer().push(view(a)).push(view(b))).toThrow(/same device.*cuda:0 and cuda:1/);
    a.freed = true;
    expect(() => packer().push(view(a))).toThrow(RuntimeError);
    const foreign = { buffer: { dtype: float32, numel: 4 }, shape: [4], strides: [1], offset: 0 } as View;
    expect(() => packer().push(foreign)).toThrow(/another backend/);
  });
});
