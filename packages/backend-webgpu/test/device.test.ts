/** Getting a device: requests time out instead of hanging, failures give the reason. */
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDevice } from '../src/device.js';
import { WebGpuBackend } from '../src/index.js';

const g = globalThis as { navigator?: unknown };
const saved = Object.getOwnPropertyDescriptor(globalThis, 'navigator');

afterEach(() => {
  if (saved) Object.defineProperty(globalThis, 'navigator', saved);
  else delete g.navigator;
});

function fakeNavigator(gpu: unknown): void {
  Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
}

describe('acquireDevice', () => {
  it('times out when the adapter never answers', async () => {
    fakeNavigator({ requestAdapter: () => new Promise(() => {}) });
    await expect(acquireDevice({ timeoutMs: 30 })).rejects.toThrow('navigator.gpu.requestAdapter() did not answer within 30 ms');
  });
  it('says when there is no adapter', async () => {
    fakeNavigator({ requestAdapter: async () => null });
    await expect(acquireDevice()).rejects.toThrow('found no adapter');
  });
  it('makes init() resolve to false with the reason', async () => {
    fakeNavigator({ requestAdapter: async () => null });
    const b = new WebGpuBackend();
    expect(await b.init()).toBe(false);
    expect(b.unavailableReason()).toMatch(/found no adapter/);
  });
  it('uses a device the application gives', async () => {
    const device = { limits: { maxComputeInvocationsPerWorkgroup: 256 }, features: new Set(['shader-f16']) } as unknown as GPUDevice;
    const got = await acquireDevice({ device });
    expect(got.device).toBe(device);
    expect(got.info.backend).toBe('user');
    expect(got.info.features).toEqual(['shader-f16']);
  });
});
