import { describe, expect, it } from 'vitest';
import { RuntimeError } from '@torchts/core';
import { cuda } from '../src/cuda-info.js';
import { cudaBackend } from '../src/cuda-backend.js';

const reason = cudaBackend.unavailableReason();
const unavailable = reason !== null ? it : it.skip;
const available = reason === null ? it : it.skip;

describe('cuda (torch.cuda)', () => {
  unavailable(`reports unavailability honestly (${reason ?? 'available'})`, () => {
    expect(cuda.isAvailable()).toBe(false);
    expect(cuda.unavailableReason()).toBe(reason);
    expect(cuda.deviceCount()).toBe(0);
    expect(cuda.currentDevice()).toBe(0);
    expect(cuda.memoryAllocated()).toBe(0);
    expect(cuda.memoryReserved()).toBe(0);
    expect(() => cuda.emptyCache()).not.toThrow();
    expect(() => cuda.getDeviceName(0)).toThrow(RuntimeError);
    expect(() => cuda.getDeviceName(0)).toThrow(`CUDA is not available: ${reason}`);
    expect(() => cuda.synchronize()).toThrow(RuntimeError);
    expect(() => cuda.setDevice(0)).toThrow(RuntimeError);
  });

  available('names the device and tracks memory', () => {
    expect(cuda.isAvailable()).toBe(true);
    expect(cuda.deviceCount()).toBeGreaterThan(0);
    expect(cuda.getDeviceName()).toMatch(/\S/);
    expect(() => cuda.getDeviceName(cuda.deviceCount())).toThrow(/does not exist/);
    cuda.setDevice(0);
    expect(cuda.currentDevice()).toBe(0);
    cuda.synchronize();
    expect(cuda.memoryReserved()).toBeGreaterThanOrEqual(cuda.memoryAllocated());
  });
});
