import { describe, expect, it } from 'vitest';
import { float16, float32, int64, RuntimeError, type View } from '@torchts/core';
import { CpuBackend, cpuBackend, CpuBuffer, setCpuDeviceCount } from '../src/index.js';

describe('CpuBackend', () => {
  it('describes itself', () => {
    expect(cpuBackend).toBeInstanceOf(CpuBackend);
    expect(cpuBackend.type).toBe('cpu');
    expect(cpuBackend.canReadSync).toBe(true);
    expect(cpuBackend.unavailableReason()).toBeNull();
    expect(cpuBackend.supportsDtype(float16)).toBe(true);
    expect(cpuBackend.fused?.conv2d).toBeTypeOf('function');
  });

  it('exposes a configurable number of devices', () => {
    expect(cpuBackend.deviceCount()).toBe(1);
    setCpuDeviceCount(3);
    expect(cpuBackend.deviceCount()).toBe(3);
    expect(cpuBackend.alloc(float32, 2, 2).device).toBe(2);
    setCpuDeviceCount(1);
    expect(() => setCpuDeviceCount(0)).toThrow(RangeError);
  });

  it('shares memory through wrap and storageOf', () => {
    const data = new Float32Array([1, 2, 3, 4]);
    const buf = cpuBackend.wrap(float32, data, 0);
    expect(cpuBackend.storageOf(buf)).toBe(data);
    data[0] = 9;
    expect(cpuBackend.read({ buffer: buf, shape: [4], strides: [1], offset: 0 })[0]).toBe(9);
    expect(cpuBackend.byteLength(buf)).toBe(16);
  });

  it('reads a strided view as a contiguous copy, sync and async', async () => {
    const buf = cpuBackend.wrap(int64, new Float64Array([0, 1, 2, 3, 4, 5]), 0);
    const t: View = { buffer: buf, shape: [3, 2], strides: [1, 3], offset: 0 };
    const r = cpuBackend.read(t);
    expect(r).toBeInstanceOf(Float64Array);
    expect([...r]).toEqual([0, 3, 1, 4, 2, 5]);
    expect([...(await cpuBackend.readAsync(t))]).toEqual([0, 3, 1, 4, 2, 5]);
    r[0] = 42;
    expect(cpuBackend.storageOf(buf)[0]).toBe(0);
  });

  it('writes at an offset, rounding float16 to half', () => {
    const buf = cpuBackend.alloc(float16, 3, 0);
    cpuBackend.write(buf, new Float32Array([0.1, 0.2]), 1);
    expect([...cpuBackend.storageOf(buf)]).toEqual([0, 0.0999755859375, 0.199951171875]);
  });

  it('refuses a freed buffer', () => {
    const buf = cpuBackend.alloc(float32, 3, 0) as CpuBuffer;
    cpuBackend.free(buf);
    expect(() => cpuBackend.read({ buffer: buf, shape: [3], strides: [1], offset: 0 })).toThrow(RuntimeError);
  });
});

describe('README example', () => {
  it('multiplies a matrix by its transpose through strided views', () => {
    const buf = cpuBackend.wrap(float32, new Float32Array([1, 2, 3, 4, 5, 6]), 0);
    const a = { buffer: buf, shape: [2, 3], strides: [3, 1], offset: 0 };
    const at = { buffer: buf, shape: [3, 2], strides: [1, 3], offset: 0 };
    const out = { buffer: cpuBackend.alloc(float32, 4, 0), shape: [2, 2], strides: [2, 1], offset: 0 };
    cpuBackend.matmul(a, at, out);
    expect([...cpuBackend.read(out)]).toEqual([14, 32, 32, 77]);
  });
});
