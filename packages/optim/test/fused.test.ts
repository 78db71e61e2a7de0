// The fused-step plumbing of SGD, Adam and AdamW (src/fused.ts) on a fake device whose backend
// is the CPU backend plus `sgdStep`/`adamStep` kernels written here from the formulas of
// `FusedKernels` (float64 math, rounded once): the kernels are called when they may be, the
// trajectories and state match the composed CPU path, the state dict keeps its layout, and
// differentiable, non-contiguous or mixed-dtype cases fall back to the composed path.
import './setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import type { Backend, FusedKernels, View } from '@torchts/core';
import { Adam, AdamW, SGD } from '@torchts/optim';

const calls = { sgd: 0, adam: 0 };
const arr = (v: View) => cpuBackend.storageOf!(v.buffer).subarray(v.offset, v.offset + v.shape.reduce((a, b) => a * b, 1));
const fused: FusedKernels = {
  sgdStep(param, grad, buf, o) {
    calls.sgd++;
    const p = arr(param), g0 = arr(grad), b = buf ? arr(buf) : null;
    for (let i = 0; i < p.length; i++) {
      let g = o.maximize ? -g0[i]! : g0[i]!;
      if (o.weightDecay !== 0) g += o.weightDecay * p[i]!;
      if (b) {
        b[i] = o.firstStep ? g : o.momentum * b[i]! + (1 - o.dampening) * g;
        g = o.nesterov ? g + o.momentum * b[i]! : b[i]!;
      }
      p[i] = p[i]! - o.lr * g;
    }
  },
  adamStep(param, grad, expAvg, expAvgSq, maxSq, o) {
    calls.adam++;
    const p = arr(param), g0 = arr(grad), m = arr(expAvg), v = arr(expAvgSq), mx = maxSq ? arr(maxSq) : null;
    const stepSize = o.lr / (1 - o.beta1 ** o.step), bc2 = Math.sqrt(1 - o.beta2 ** o.step);
    for (let i = 0; i < p.length; i++) {
      let g = o.maximize ? -g0[i]! : g0[i]!;
      if (o.decoupled) p[i] = p[i]! * (1 - o.lr * o.weightDecay);
      else if (o.weightDecay !== 0) g += o.weightDecay * p[i]!;
      m[i] = o.beta1 * m[i]! + (1 - o.beta1) * g;
      v[i] = o.beta2 * v[i]! + (1 - o.beta2) * g * g;
      let s = v[i]!;
      if (mx) s = mx[i] = Math.max(mx[i]!, s);
      p[i] = p[i]! - (stepSize * m[i]!) / (Math.sqrt(s) / bc2 + o.eps);
    }
  },
};
torch.registerBackend(Object.assign(Object.create(cpuBackend) as Backend, { type: 'fuseddev', fused: { ...cpuBackend.fused, ...fused } }));

type Opt = SGD | Adam | AdamW;

function run(make: (ps: torch.Tensor[]) => Opt, device: string, dtype = torch.float64, steps = 4) {
  const params = [torch.tensor([[0.5, -1, 2], [0.25, 1.5, -0.75]], { dtype, device }), torch.tensor([3, -2], { dtype, device })];
  const opt = make(params);
  for (let s = 0; s < steps; s++) {
    params.forEach((p, i) => {
      p.grad = torch.tensor(i === 0 ? [[0.1 * s, -0.3, 0.2], [0.5, -0.1 * s, 0.05]] : [1 - s, 0.25 * s], { dtype, device });
    });
    opt.step();
  }
  return { params, opt };
}

function expectClose(a: torch.Tensor, b: torch.Tensor, tol: number): void {
  const x = a.toTypedArray(), y = b.toTypedArray();
  expect(x.length).toBe(y.length);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!)));
}

const makers: [string, (ps: torch.Tensor[]) => Opt, 'sgd' | 'adam'][] = [
  ['SGD', (ps) => new SGD(ps, { lr: 0.1 }), 'sgd'],
  ['SGD momentum nesterov wd', (ps) => new SGD(ps, { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.1 }), 'sgd'],
  ['SGD dampening maximize', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.5, dampening: 0.2, maximize: true }), 'sgd'],
  ['Adam', (ps) => new Adam(ps, { lr: 0.01, weightDecay: 0.1 }), 'adam'],
  ['Adam amsgrad maximize', (ps) => new Adam(ps, { lr: 0.01, amsgrad: true, maximize: true }), 'adam'],
  ['AdamW amsgrad', (ps) => new AdamW(ps, { lr: 0.01, amsgrad: true }), 'adam'],
];

describe('fused optimizer steps', () => {
  for (const [name, make, kernel] of makers) {
    it(`${name}: one kernel per parameter and step, the composed trajectory and state`, () => {
      calls.sgd = calls.adam = 0;
      const fusedRun = run(make, 'fuseddev');
      expect(calls[kernel]).toBe(8);
      const ref = run(make, 'cpu');
      fusedRun.params.forEach((p, i) => expectClose(p, ref.params[i]!, 1e-14));
      const sd = fusedRun.opt.stateDict(), rsd = ref.opt.stateDict();
      expect(Object.keys(sd.state[0]!)).toEqual(Object.keys(rsd.state[0]!));
      for (const [k, v] of Object.entries(rsd.state[1]!)) {
        if (v instanceof torch.Tensor) {
          const fv = sd.state[1]![k] as torch.Tensor;
          if (k === 'step') expect(fv.device.type).toBe('cpu');
          else expect(fv.device.type).toBe('fuseddev');
          expectClose(fv, v, 1e-14);
        } else expect(sd.state[1]![k]).toEqual(v);
      }
    });
  }

  it('bumps the version counters of the parameters it updates', () => {
    const p = torch.tensor([1, 2], { dtype: torch.float32, device: 'fuseddev' });
    p.grad = torch.tensor([1, 1], { dtype: torch.float32, device: 'fuseddev' });
    const v = p.version;
    new SGD([p], { lr: 0.5 }).step();
    expect(p.version).toBe(v + 1);
    expect(Array.from(p.toTypedArray())).toEqual([0.5, 1.5]);
  });

  it('falls back to the composed path when differentiable, non-contiguous or of mixed dtypes', () => {
    calls.sgd = calls.adam = 0;
    const a = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32, device: 'fuseddev' }).t();
    a.grad = torch.ones(2, 2, { device: 'fuseddev' });
    new SGD([a], { lr: 0.5 }).step();
    expect(Array.from(a.toTypedArray())).toEqual([0.5, 2.5, 1.5, 3.5]);
    const b = torch.tensor([1, 2], { dtype: torch.float64, device: 'fuseddev' });
    b.grad = torch.ones(2, { dtype: torch.float32, device: 'fuseddev' });
    new Adam([b]).step();
    const c = torch.tensor([1, 2], { dtype: torch.float32, device: 'fuseddev' });
    c.grad = torch.ones(2, { device: 'fuseddev' });
    new SGD([c], { lr: 0.1, differentiable: true }).step();
    expect(calls).toEqual({ sgd: 0, adam: 0 });
  });
});
