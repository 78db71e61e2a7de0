import { describe, expect, it } from 'vitest';
import { dtypes, float32, RuntimeError } from '@torchts/core';
import { CudaBackend, cudaBackend } from '../src/cuda-backend.js';
import { loadAddon } from '../src/native-addon.js';

const reason = cudaBackend.unavailableReason();

describe('CudaBackend', () => {
  it("serves the 'cuda' device type and reads synchronously", () => {
    expect(cudaBackend.type).toBe('cuda');
    expect(cudaBackend.canReadSync).toBe(true);
    expect(cudaBackend).toBeInstanceOf(CudaBackend);
    expect(Object.keys(cudaBackend.fused).sort()).toEqual(
      [
        'adamStep', 'batchNorm', 'batchNormBackward', 'conv2d', 'conv2dBackwardInput', 'conv2dBackwardWeight', 'maxPool2d', 'random', 'sgdStep', 'softmax',
      ]);
  });

  it('reports why it is unavailable, as the addon state says', () => {
    expect(reason).toBe(loadAddon().reason);
    if (reason === null) return;
    // On this machine: the addon is built (nvcc) but there is no driver, or it is not built at all.
    expect(reason).toMatch(/^(no CUDA driver|no CUDA device|built without CUDA \(|the CUDA addon failed to load|CUDA driver too old|disabled by)/);
    expect(cudaBackend.deviceCount()).toBe(0);
  });

  const unavailable = reason !== null ? it : it.skip;

  unavailable(`refuses to allocate with a RuntimeError naming the reason (${reason ?? 'available'})`, () => {
    let err: unknown;
    try {
      cudaBackend.alloc(float32, 4, 0);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(RuntimeError);
    expect((err as Error).message).toBe(`CUDA is not available: ${reason}`);
    expect(() => cudaBackend.synchronize(0)).toThrow(RuntimeError);
  });

  unavailable('does not crash on any entry point', () => {
    const fake = { dtype: float32, numel: 4 };
    const view = { buffer: fake, shape: [4], strides: [1], offset: 0 };
    const calls: (() => unknown)[] = [
      () => cudaBackend.fill(view, 1),
      () => cudaBackend.copy(view, view),
      () => cudaBackend.unary('exp', view, view),
      () => cudaBackend.binary('add', view, view, view),
      () => cudaBackend.reduce('sum', view, [0], view),
      () => cudaBackend.matmul(view, view, view),
      () => cudaBackend.read(view),
      () => cudaBackend.fused.softmax!(view, false, view),
    ];
    for (const call of calls) expect(call).toThrow(RuntimeError);
  });

  it('stores every dtype of core when the addon is loaded', () => {
    const loaded = loadAddon().addon !== null;
    for (const d of Object.values(dtypes)) expect(cudaBackend.supportsDtype(d)).toBe(loaded);
  });
});
