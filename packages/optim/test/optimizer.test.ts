import './setup.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { float32, float64, isGradEnabled, memory, ones, tensor, zeros, type Tensor } from '@torchts/core';
import { Adagrad, Adam, type OptimizerStateDict, SGD } from '@torchts/optim';
import { expectError, goldens } from './golden.js';

const e = goldens.errors;

function f32(values: number[] | number): Tensor {
  return tensor(values, { dtype: float32 });
}

function leaf(values: number[]): Tensor {
  return f32(values).requiresGrad_(true);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('Optimizer: parameters and groups', () => {
  it("rejects bad params with PyTorch's errors", () => {
    const p = zeros(3).requiresGrad_(true);
    const q = zeros(2).requiresGrad_(true);
    expectError(() => new SGD(p as unknown as Tensor[], { lr: 0.1 }), e.params_tensor);
    expectError(() => new SGD([], { lr: 0.1 }), e.params_empty);
    expectError(() => new SGD([1] as unknown as Tensor[], { lr: 0.1 }), e.params_not_tensor);
    expectError(() => new SGD([p.mul(2)], { lr: 0.1 }), e.params_non_leaf);
    expectError(() => new SGD([{ params: [p] }, { params: [q, p] }], { lr: 0.1 }), e.params_overlap);
  });

  it('takes any iterable of tensors (arrays, generators, sets) as one group', () => {
    const a = leaf([1]), b = leaf([2]);
    function* gen(): Generator<Tensor> {
      yield a;
      yield b;
    }
    for (const params of [[a, b], gen(), new Set([a, b])]) {
      const opt = new SGD(params, { lr: 0.1 });
      expect(opt.paramGroups).toHaveLength(1);
      expect(opt.paramGroups[0]!.params).toEqual([a, b]);
    }
  });

  it('fills each group with the defaults it does not set, in PyTorch key order', () => {
    const a = leaf([1]), b = leaf([2]);
    const opt = new SGD([{ params: a, momentum: 0.5 }, { params: [b] }], { lr: 0.1 });
    expect(Object.keys(opt.paramGroups[0]!)).toEqual([
      'params', 'momentum', 'lr', 'dampening', 'weightDecay', 'nesterov', 'maximize', 'foreach', 'differentiable',
    ]);
    expect(opt.paramGroups[0]!.params).toEqual([a]);
    expect(opt.paramGroups[0]!.momentum).toBe(0.5);
    expect(opt.paramGroups[1]!.momentum).toBe(0);
    expect(opt.defaults.lr).toBe(0.1);
  });

  it('accepts lr positionally, as PyTorch does', () => {
    const opt = new SGD([leaf([1])], 0.25, { momentum: 0.9 });
    expect(opt.paramGroups[0]!.lr).toBe(0.25);
    expect(opt.paramGroups[0]!.momentum).toBe(0.9);
    expect(new Adam([leaf([1])], 0.5).paramGroups[0]!.lr).toBe(0.5);
  });

  it('addParamGroup adds a group that steps with its own options', () => {
    const a = leaf([1]), b = leaf([1]);
    const opt = new SGD([a], { lr: 0.1 });
    opt.addParamGroup({ params: [b], lr: 0.5 });
    expect(opt.paramGroups[1]!.lr).toBe(0.5);
    expect(opt.paramGroups[1]!.momentum).toBe(0);
    a.grad = ones(1);
    b.grad = ones(1);
    opt.step();
    expect(a.tolist()).toEqual([Math.fround(0.9)]);
    expect(b.tolist()).toEqual([0.5]);
    expectError(() => opt.addParamGroup({ params: [a] }), e.params_overlap);
    expect(() => opt.addParamGroup([a] as never)).toThrow('param group must be a dict');
  });

  it('warns about duplicate parameters in a group, as PyTorch does', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const a = leaf([1]);
    new SGD([a, a], { lr: 0.1 });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('duplicate parameters'), 'UserWarning');
  });

  it('uses the mutable group lr at every step', () => {
    const p = leaf([1]);
    const opt = new SGD([p], { lr: 0.1 });
    opt.paramGroups[0]!.lr = 0.5;
    p.grad = ones(1);
    opt.step();
    expect(p.tolist()).toEqual([0.5]);
  });

  it('skips parameters without a gradient', () => {
    const p = leaf([1]), q = leaf([1]);
    const opt = new Adam([p, q], { lr: 0.1 });
    p.grad = ones(1);
    opt.step();
    expect(q.tolist()).toEqual([1]);
    expect(opt.state.has(q)).toBe(false);
    expect(opt.state.get(p)!.expAvg).toBeDefined();
  });
});

describe('Optimizer: zeroGrad, step and state', () => {
  it('zeroGrad sets gradients to null by default, or zeroes them in place', () => {
    const p = leaf([1, 2]);
    const opt = new SGD([p], { lr: 0.1 });
    p.grad = f32([3, 4]);
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    const g = f32([3, 4]);
    p.grad = g;
    opt.zeroGrad({ setToNone: false });
    expect(p.grad).toBe(g);
    expect(g.tolist()).toEqual([0, 0]);
  });

  it('step runs the closure with grad enabled and returns its loss', () => {
    const p = leaf([2]);
    const opt = new SGD([p], { lr: 0.1 });
    let enabled: boolean | null = null;
    const loss = opt.step(() => {
      enabled = isGradEnabled();
      const l = p.mul(p).sum();
      p.grad = f32([4]);
      return l;
    });
    expect(enabled).toBe(true);
    expect((loss as Tensor).item()).toBe(4);
    expect(p.tolist()).toEqual([Math.fround(1.6)]);
    expect(opt.step()).toBeUndefined();
  });

  it('updates leaves that require grad in place, without recording', () => {
    const p = leaf([1, 2]);
    const before = p.version;
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    p.grad = f32([1, 1]);
    opt.step();
    expect(p.version).toBeGreaterThan(before);
    expect(p.gradFn).toBeNull();
    expect(p.requiresGrad).toBe(true);
    expect(opt.state.get(p)!.momentumBuffer!.requiresGrad).toBe(false);
  });

  it('keeps memory flat over steps (temporaries are released)', () => {
    const p = leaf([1, 2, 3]);
    const opt = new Adam([p], { lr: 0.1, amsgrad: true, weightDecay: 0.1 });
    p.grad = f32([0.1, 0.2, 0.3]);
    opt.step();
    const after1 = memory().tensors;
    for (let i = 0; i < 5; i++) opt.step();
    expect(memory().tensors).toBe(after1);
  });

  it('keeps Adam and Adagrad steps as float32 CPU scalars, as PyTorch', () => {
    const p = leaf([1, 2]);
    const adam = new Adam([p]);
    p.grad = f32([1, 1]);
    adam.step();
    adam.step();
    const step = adam.state.get(p)!.step!;
    expect(step.dtype).toBe(float32);
    expect(step.dim()).toBe(0);
    expect(step.item()).toBe(2);
    // Adagrad creates its state at construction.
    const q = leaf([1, 2]);
    const adagrad = new Adagrad([q], { initialAccumulatorValue: 0.5 });
    expect(adagrad.state.get(q)!.step!.item()).toBe(0);
    expect(adagrad.state.get(q)!.sum!.tolist()).toEqual([0.5, 0.5]);
  });
});

describe('Optimizer: state dicts', () => {
  it("loadStateDict refuses mismatched groups with PyTorch's errors", () => {
    const p = zeros(3).requiresGrad_(true);
    const q = zeros(2).requiresGrad_(true);
    const two = new SGD([{ params: [p] }, { params: [q] }], { lr: 0.1 });
    const one = new SGD([p, q], { lr: 0.1 });
    expectError(() => one.loadStateDict(two.stateDict()), e.load_group_count);
    const other = new SGD([{ params: [p, q] }, { params: [zeros(1).requiresGrad_(true)] }], { lr: 0.1 });
    expectError(() => two.loadStateDict(other.stateDict()), e.load_group_size);
  });

  it('numbers parameters across groups and shares state tensors', () => {
    const a = leaf([1]), b = leaf([2]), c = leaf([3]);
    const opt = new SGD([{ params: [a, b] }, { params: [c], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
    for (const p of [a, b, c]) p.grad = ones(1);
    opt.step();
    const sd = opt.stateDict();
    expect(sd.param_groups.map((g) => g.params)).toEqual([[0, 1], [2]]);
    expect(sd.param_groups[1]!.lr).toBe(0.01);
    expect(sd.param_groups[0]!.weight_decay).toBe(0);
    expect(Object.keys(sd.state)).toEqual(['0', '1', '2']);
    expect(sd.state[2]!.momentum_buffer).toBe(opt.state.get(c)!.momentumBuffer);
  });

  it('loadStateDict copies the state, casts it to the parameter dtype and keeps the groups tensors', () => {
    const p = tensor([1, 2], { dtype: float64 }).requiresGrad_(true);
    const opt = new Adam([p], { lr: 0.1 });
    const buf = f32([0.5, 0.5]);
    const sd: OptimizerStateDict = {
      state: { 0: { step: f32(3), exp_avg: buf, exp_avg_sq: f32([0.25, 0.25]) } },
      param_groups: [{ lr: 0.2, betas: [0.8, 0.9], eps: 1e-8, weight_decay: 0, amsgrad: false, params: [0] }],
    };
    opt.loadStateDict(sd);
    const s = opt.state.get(p)!;
    expect(s.expAvg!.dtype).toBe(float64);
    expect(s.step!.dtype).toBe(float32);
    buf.fill_(9);
    expect(s.expAvg!.tolist()).toEqual([0.5, 0.5]);
    const g = opt.paramGroups[0]!;
    expect(g.params).toEqual([p]);
    expect(g.lr).toBe(0.2);
    expect(g.betas).toEqual([0.8, 0.9]);
    // Options the saved groups lack come from the defaults (PyTorch's __setstate__).
    expect(g.maximize).toBe(false);
    expect(g.fused).toBe(false);
  });

  it('round-trips its own state dict', () => {
    const p = leaf([1, 2]);
    const a = new Adam([p], { lr: 0.1, amsgrad: true });
    p.grad = f32([0.5, -0.5]);
    a.step();
    a.step();
    const q = leaf([1, 2]);
    const b = new Adam([q]);
    b.loadStateDict(a.stateDict());
    expect(b.paramGroups[0]!.amsgrad).toBe(true);
    expect(b.state.get(q)!.maxExpAvgSq!.tolist()).toEqual(a.state.get(p)!.maxExpAvgSq!.tolist());
    expect(b.stateDict().param_groups).toEqual(a.stateDict().param_groups);
  });
});

describe('zeroGrad frees what it drops', () => {
  it('a training loop with the default zeroGrad() keeps torch.memory() flat', async () => {
    const torch = await import('@torchts/core');
    const { SGD: Sgd } = await import('@torchts/optim');
    torch.manualSeed(0);
    const w = torch.randn(8, 4).requiresGrad_();
    const x = torch.randn(16, 8), y = torch.randn(16, 4);
    const opt = new Sgd([w], { lr: 0.01, momentum: 0.9 });
    const step = () => {
      opt.zeroGrad();
      torch.tidy(() => {
        x.matmul(w).sub(y).pow(2).mean().backward();
        opt.step();
      });
    };
    for (let i = 0; i < 3; i++) step();
    const before = torch.memory('cpu');
    for (let i = 0; i < 50; i++) step();
    expect(torch.memory('cpu')).toEqual(before);
  });
});
