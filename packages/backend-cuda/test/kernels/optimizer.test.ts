// The fused optimizer steps (src/kernels/optimizer.cu) through @torchts/optim: SGD, Adam and
// AdamW on 'cuda' take one fused kernel per parameter, and after several steps their
// parameters and state match the composed path on the CPU backend (PyTorch's numbers) within a
// few ulps. Also the kernels directly on float16/bfloat16 and the version counter. Skipped without a GPU.
import { describe, expect, it } from 'vitest';
import { cpuBackend } from '@torchts/backend-cpu';
import { dtypes, registerBackend, tensor, type DType, type Tensor } from '@torchts/core';
import { Adam, AdamW, SGD } from '@torchts/optim';
import { cudaBackend } from '../../src/index.js';

const { float32, float64 } = dtypes;
const reason = cudaBackend.unavailableReason();
const gpu = reason === null ? it : it.skip;
const why = reason === null ? '' : ` (skipped: ${reason})`;
registerBackend(cpuBackend);
if (reason === null) registerBackend(cudaBackend);

/** mulberry32. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomValues(rng: () => number, n: number): number[] {
  return Array.from({ length: n }, () => rng() * 2 - 1);
}

/** Counts calls of a fused kernel while `body` runs. */
function counting<K extends 'sgdStep' | 'adamStep'>(kernel: K, body: () => void): number {
  const fused = cudaBackend.fused;
  const original = fused[kernel]!;
  let calls = 0;
  fused[kernel] = ((...args: unknown[]) => {
    calls++;
    return (original as (...a: unknown[]) => void)(...args);
  }) as never;
  try {
    body();
  } finally {
    fused[kernel] = original as never;
  }
  return calls;
}

function close(what: string, got: Tensor, want: Tensor, rtol: number, atol: number): void {
  const g = got.toTypedArray(), w = want.toTypedArray();
  for (let i = 0; i < w.length; i++) {
    if (!(Math.abs(g[i]! - w[i]!) <= atol + rtol * Math.abs(w[i]!))) {
      expect(`${what}[${i}]: got ${g[i]}, want ${w[i]}`).toBe('close');
    }
  }
}

type Make = (params: Tensor[]) => SGD | Adam | AdamW;

/** Runs `steps` steps on CPU (composed) and CUDA (fused) params with the same gradients. */
function compare(name: string, make: Make, kernel: 'sgdStep' | 'adamStep', dtype: DType, stateKeys: string[]): void {
  const rng = generator(name.length * 7919 + dtype.itemsize);
  const shapes = [[1], [1037], [31, 33]];
  const init = shapes.map((s) => randomValues(rng, s.reduce((a, b) => a * b, 1)));
  const cpuParams = init.map((v, i) => tensor(v, { dtype }).reshape(shapes[i]!));
  const gpuParams = init.map((v, i) => tensor(v, { dtype, device: 'cuda' }).reshape(shapes[i]!));
  const cpuOpt = make(cpuParams), gpuOpt = make(gpuParams);
  const versions = gpuParams.map((p) => p.version);
  const steps = 5;
  const calls = counting(kernel, () => {
    for (let s = 0; s < steps; s++) {
      shapes.forEach((shape, i) => {
        const g = randomValues(rng, init[i]!.length);
        cpuParams[i]!.grad = tensor(g, { dtype }).reshape(shape);
        gpuParams[i]!.grad = tensor(g, { dtype, device: 'cuda' }).reshape(shape);
      });
      cpuOpt.step();
      gpuOpt.step();
    }
  });
  expect(calls).toBe(steps * shapes.length);
  gpuParams.forEach((p, i) => expect(p.version).toBeGreaterThan(versions[i]!));
  const [rtol, atol] = dtype === float64 ? [1e-12, 1e-13] : [2e-6, 1e-6];
  gpuParams.forEach((p, i) => {
    close(`${name} ${dtype.name} param ${i}`, p, cpuParams[i]!, rtol, atol);
    const gs = gpuOpt.state.get(p) as Record<string, Tensor | null>;
    const cs = cpuOpt.state.get(cpuParams[i]!) as Record<string, Tensor | null>;
    for (const k of stateKeys) {
      expect(gs[k]?.device.type).toBe('cuda');
      close(`${name} ${dtype.name} ${k} ${i}`, gs[k]!, cs[k]!, rtol, atol);
    }
    if ('step' in cs) expect(gs.step!.item()).toBe(cs.step!.item());
  });
}

describe('fused optimizer steps vs the composed path on the CPU', () => {
  const sgdCases: [string, Record<string, unknown>, string[]][] = [
    ['sgd plain', { lr: 0.1 }, []],
    ['sgd momentum', { lr: 0.05, momentum: 0.9 }, ['momentumBuffer']],
    ['sgd nesterov wd', { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 }, ['momentumBuffer']],
    ['sgd dampening maximize', { lr: 0.02, momentum: 0.5, dampening: 0.3, maximize: true }, ['momentumBuffer']],
  ];
  for (const [name, opts, keys] of sgdCases) {
    for (const dtype of [float32, float64]) {
      gpu(`${name} (${dtype.name})${why}`, () => compare(name, (ps) => new SGD(ps, opts), 'sgdStep', dtype, keys));
    }
  }
  const adamCases: [string, Make, string[]][] = [
    ['adam', (ps) => new Adam(ps, { lr: 1e-2 }), ['expAvg', 'expAvgSq']],
    ['adam wd amsgrad maximize', (ps) => new Adam(ps, { lr: 1e-2, weightDecay: 0.1, amsgrad: true, maximize: true }),
      ['expAvg', 'expAvgSq', 'maxExpAvgSq']],
    ['adamw', (ps) => new AdamW(ps, { lr: 1e-2, betas: [0.8, 0.99] }), ['expAvg', 'expAvgSq']],
    ['adamw amsgrad', (ps) => new AdamW(ps, { lr: 3e-3, weightDecay: 0.5, amsgrad: true }), ['expAvg', 'expAvgSq', 'maxExpAvgSq']],
  ];
  for (const [name, make, keys] of adamCases) {
    for (const dtype of [float32, float64]) {
      gpu(`${name} (${dtype.name})${why}`, () => compare(name, make, 'adamStep', dtype, keys));
    }
  }

  gpu(`a non-contiguous parameter takes the composed path${why}`, () => {
    const p = tensor([[1, 2], [3, 4]], { dtype: float32, device: 'cuda' }).t();
    p.grad = tensor([[1, 1], [1, 1]], { dtype: float32, device: 'cuda' });
    const calls = counting('sgdStep', () => new SGD([p], { lr: 0.5 }).step());
    expect(calls).toBe(0);
    expect(Array.from(p.toTypedArray())).toEqual([0.5, 2.5, 1.5, 3.5]);
  });

  gpu(`float16 and bfloat16 parameters run the kernels in float32${why}`, () => {
    for (const dtype of [dtypes.float16, dtypes.bfloat16]) {
      if (!cudaBackend.supportsDtype(dtype)) continue;
      const p = tensor([1, -2, 0.5], { dtype, device: 'cuda' });
      p.grad = tensor([0.5, 0.25, -1], { dtype, device: 'cuda' });
      const opt = new Adam([p], { lr: 0.125 });
      expect(counting('adamStep', () => opt.step())).toBe(1);
      // The first Adam step moves each element by lr * sign(grad) (up to eps).
      close(`adam ${dtype.name}`, p.to('cpu', float32), tensor([0.875, -2.125, 0.625]), 1e-2, 0);
    }
  });
});
