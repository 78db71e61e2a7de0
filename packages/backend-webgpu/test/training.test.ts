/**
 * A training-like loop on 'webgpu' with core ops only: a two-layer perceptron (matmul, relu,
 * sum of squares) trained by gradient descent with hand-written gradients and in-place updates.
 * The loss must fall as it does on the CPU, and neither torch.memory('webgpu') nor the GPU
 * buffers the backend holds may grow from step to step.
 */
import { describe, expect } from 'vitest';
import * as core from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import { webgpuBackend } from '../src/index.js';
import { itGpu, skipReason } from './helpers.js';

core.registerBackend(cpuBackend);
if (webgpuBackend.isAvailable()) core.registerBackend(webgpuBackend);

/** Trains for `steps` steps on `device`; returns the losses every `every` steps and memory snapshots. */
async function train(device: string, steps: number, every: number) {
  core.manualSeed(0);
  // tidy: the set-up's temporaries are released now, not by the garbage collector mid-training.
  const [X, target, W1, W2] = core.tidy(() => {
    const x = core.randn([64, 16]).to(device);
    return [x, x.matmul(core.randn([16, 1]).to(device)).relu(), core.randn([16, 32]).mul(0.3).to(device),
      core.randn([32, 1]).mul(0.3).to(device)];
  }) as [core.Tensor, core.Tensor, core.Tensor, core.Tensor];
  const lr = 0.01;
  const losses: number[] = [];
  const memory: number[] = [];
  const buffers: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = core.tidy(() => {
      const h = X.matmul(W1).relu();
      const diff = h.matmul(W2).sub(target);
      const l = diff.square().sum();
      // Gradients of the sum of squares, by hand.
      const dPred = diff.mul(2 / 64);
      const dW2 = h.t().matmul(dPred);
      const dh = dPred.matmul(W2.t()).mul(h.gt(0));
      const dW1 = X.t().matmul(dh);
      W1.sub_(dW1.mul(lr));
      W2.sub_(dW2.mul(lr));
      return l;
    });
    if (step % every === 0 || step === steps - 1) losses.push((await loss.itemAsync()) as number);
    loss.dispose();
    memory.push(core.memory(device).bytes);
    buffers.push(device === 'webgpu' ? webgpuBackend.stats()!.buffers : 0);
  }
  W1.dispose(); W2.dispose(); X.dispose(); target.dispose();
  return { losses, memory, buffers };
}

describe(`training loop on webgpu${skipReason}`, () => {
  itGpu('the loss falls like the CPU\'s, memory stays flat', async () => {
    const gpu = await train('webgpu', 300, 50);
    const cpu = await train('cpu', 300, 50);
    expect(gpu.losses[gpu.losses.length - 1]).toBeLessThan(gpu.losses[0]! * 0.2);
    for (let i = 0; i < gpu.losses.length; i++) {
      expect(Math.abs(gpu.losses[i]! - cpu.losses[i]!)).toBeLessThan(1e-3 * cpu.losses[i]! + 1e-4);
    }
    // Flat: the same live bytes after every step, and no GPU buffer created after the first steps.
    expect(new Set(gpu.memory).size).toBe(1);
    expect(gpu.buffers[gpu.buffers.length - 1]).toBe(gpu.buffers[2]);
  });
});
