/**
 * The page of the browser test: trains a two-layer perceptron on WebGPU (navigator.gpu) with
 * core ops and reports the losses, the adapter and what a synchronous read says in
 * `window.__result`, which the test reads.
 */
import * as core from '@torchts/core';
import { adapterInfo, init, unavailableReason, webgpuBackend } from '../../src/index.js';

declare global {
  interface Window {
    __result?: unknown;
  }
}

async function main(): Promise<unknown> {
  if (!(await init())) return { error: `no WebGPU: ${unavailableReason()}` };
  core.registerBackend(webgpuBackend);
  const device = 'webgpu';
  core.manualSeed(0);
  // tidy: the set-up's temporaries are released now, not by the garbage collector mid-training.
  const [X, target, W1, W2] = core.tidy(() => {
    const x = core.randn([64, 16], { device });
    return [x, x.matmul(core.randn([16, 1], { device })).relu(), core.randn([16, 32], { device }).mul(0.3),
      core.randn([32, 1], { device }).mul(0.3)];
  }) as [core.Tensor, core.Tensor, core.Tensor, core.Tensor];
  const losses: number[] = [];
  const memory: number[] = [];
  for (let step = 0; step < 60; step++) {
    const loss = core.tidy(() => {
      const h = X.matmul(W1).relu();
      const diff = h.matmul(W2).sub(target);
      const dPred = diff.mul(2 / 64);
      const dh = dPred.matmul(W2.t()).mul(h.gt(0));
      W2.sub_(h.t().matmul(dPred).mul(0.01));
      W1.sub_(X.t().matmul(dh).mul(0.01));
      return diff.square().sum();
    });
    if (step % 10 === 0 || step === 59) losses.push((await loss.itemAsync()) as number);
    loss.dispose();
    memory.push(core.memory(device).bytes);
  }
  let syncRead = '';
  try {
    X.sum().item();
  } catch (err) {
    syncRead = (err as Error).message;
  }
  return { losses, memory, syncRead, adapter: adapterInfo() };
}

main().then(
  (r) => { window.__result = r; },
  (err: Error) => { window.__result = { error: String(err?.stack ?? err) }; },
);
