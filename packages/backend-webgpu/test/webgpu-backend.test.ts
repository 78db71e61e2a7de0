/**
 * The backend as core uses it: initialisation and adapter info, asynchronous reads (synchronous
 * ones fail naming the async variants), moving tensors between devices, dtype errors, errors
 * kernels report for bad data, the buffer pool, device loss.
 */
import { describe, expect } from 'vitest';
import * as core from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import { WebGpuBackend, adapterInfo, isAvailable, unavailableReason, webgpuBackend as be } from '../src/index.js';
import { emptyView, itGpu, skipReason, viewOf } from './helpers.js';

const { bfloat16, float32, float64, int32, int64 } = core;

core.registerBackend(cpuBackend);
if (be.isAvailable()) core.registerBackend(be);

describe(`WebGpuBackend${skipReason}`, () => {
  itGpu('reports the adapter it initialised', () => {
    expect(isAvailable()).toBe(true);
    expect(unavailableReason()).toBeNull();
    expect(be.deviceCount()).toBe(1);
    const info = adapterInfo()!;
    expect(typeof info.backend).toBe('string');
    expect(info.limits.maxComputeInvocationsPerWorkgroup).toBeGreaterThanOrEqual(64);
    expect(be.gpuDevice()).not.toBeNull();
  });

  itGpu('reads asynchronously; synchronous reads name the async variants', async () => {
    const x = core.tensor([[1, 2, 3], [4, 5, 6]], { device: 'webgpu' });
    expect(x.device.type).toBe('webgpu');
    expect(await x.t().tolistAsync()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(await x.sum().itemAsync()).toBe(21);
    expect(() => x.sum().item()).toThrow(/itemAsync/);
    expect(() => be.read(x._view())).toThrow(/itemAsync\(\), x.tolistAsync\(\), x.toTypedArrayAsync\(\)/);
  });

  itGpu('moves tensors between cpu and webgpu (toAsync from webgpu)', async () => {
    const c = core.tensor([1.5, -2, 3]);
    const g = c.to('webgpu');
    expect(() => g.to('cpu')).toThrow(/toAsync\('cpu'\)/);
    const back = await g.mul(2).toAsync('cpu');
    expect(back.device.type).toBe('cpu');
    expect(back.tolist()).toEqual([3, -4, 6]);
    // float64 lives on the cpu only: converting while moving casts on the cpu first.
    const d = core.tensor([0.1, 0.2], { dtype: float64 }).to('webgpu', float32);
    expect(d.dtype).toBe(float32);
    expect(await d.tolistAsync()).toEqual([Math.fround(0.1), Math.fround(0.2)]);
    const i = await core.tensor([7, 8], { dtype: int64 }).to('webgpu').toAsync('cpu', float32);
    expect(i.tolist()).toEqual([7, 8]);
  });

  itGpu('float64 is refused with a message naming the dtype and the device', () => {
    expect(be.supportsDtype(float64)).toBe(false);
    expect(() => be.alloc(float64, 4, 0)).toThrow(/torch.float64 is not supported on device 'webgpu'/);
    expect(() => core.zeros([2], { dtype: float64, device: 'webgpu' })).toThrow(/float64.*webgpu/);
  });

  itGpu('bfloat16 is refused with a message naming the dtype, the device and why', async () => {
    expect(be.supportsDtype(bfloat16)).toBe(false);
    expect(() => be.alloc(bfloat16, 4, 0)).toThrow("torch.bfloat16 is not supported on device 'webgpu' (WGSL has no bfloat16): use torch.float32");
    expect(() => core.zeros([2], { dtype: bfloat16, device: 'webgpu' })).toThrow(/bfloat16.*webgpu/);
    // A bfloat16 CPU tensor moved to webgpu as float32 works.
    const d = core.tensor([0.1, 2.5], { dtype: bfloat16 }).to('webgpu', float32);
    expect(await d.tolistAsync()).toEqual([0.10009765625, 2.5]);
  });

  itGpu('int64 values that do not fit 32 bits are refused when written', () => {
    const b = be.alloc(int64, 2, 0);
    expect(() => be.write(b, new Float64Array([1, 2 ** 31]), 0)).toThrow(/2147483648 cannot be stored in an int64 tensor on device 'webgpu'/);
    expect(() => core.tensor([2 ** 40], { dtype: int64, device: 'webgpu' })).toThrow(/32-bit/);
    be.free(b);
  });

  itGpu('integer division by zero raises ZeroDivisionError at the next read', async () => {
    const a = viewOf(be, int32, new Int32Array([7, 8]), [2]);
    const z = viewOf(be, int32, new Int32Array([2, 0]), [2]);
    const out = emptyView(be, int32, [2]);
    be.binary('divFloor', a, z, out);
    await expect(be.readAsync(out)).rejects.toThrow('ZeroDivisionError');
    await be.synchronize(0);
  });

  itGpu('a tensor larger than the adapter can bind is refused up front', () => {
    const max = adapterInfo()!.limits.maxStorageBufferBindingSize!;
    expect(() => be.alloc(float32, max / 4 + 1, 0)).toThrow(/maxStorageBufferBindingSize/);
  });

  itGpu('the pool reuses freed buffers of the same size class', () => {
    const first = be.alloc(float32, 1000, 0);
    be.free(first);
    const before = be.stats()!.buffers;
    for (let i = 0; i < 20; i++) be.free(be.alloc(float32, 1000 - i, 0));
    expect(be.stats()!.buffers).toBe(before);
    be.free(first); // freeing twice is harmless
  });

  itGpu('a lost device gives clear errors, never a hang', async () => {
    const other = new WebGpuBackend();
    expect(await other.init()).toBe(true);
    const b = other.alloc(float32, 4, 0);
    other.gpuDevice()!.destroy();
    await other.gpuDevice()!.lost;
    expect(() => other.alloc(float32, 4, 0)).toThrow(/device was lost/);
    await expect(other.readAsync({ buffer: b, shape: [4], strides: [1], offset: 0 })).rejects.toThrow(/device was lost/);
  });
});

describe('WebGpuBackend before init', () => {
  itGpu('says what to do', () => {
    const fresh = new WebGpuBackend();
    expect(fresh.isAvailable()).toBe(false);
    expect(fresh.deviceCount()).toBe(0);
    expect(fresh.unavailableReason()).toMatch(/init\(\)/);
    expect(() => fresh.alloc(float32, 1, 0)).toThrow(/device 'webgpu' is not available: call init\(\)/);
  });
});
