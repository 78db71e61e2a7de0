import './setup.js';
import * as torch from '@torchts/core';
import { autograd } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

const errors = loadGolden().errors as Record<string, string>;
const f64 = { dtype: torch.float64 };

describe('backward', () => {
  test('gradients accumulate into leaves over several backward calls', () => {
    const x = torch.tensor([1, 2, 3], { ...f64, requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward(null, { retainGraph: true });
    expect(x.grad!.tolist()).toEqual([2, 4, 6]);
    const g = x.grad;
    y.backward();
    expect(x.grad!.tolist()).toEqual([4, 8, 12]);
    expect(x.grad).toBe(g); // accumulated in place, as PyTorch does outside create_graph
  });

  test('a second backward through a freed graph fails with PyTorch message', () => {
    const x = torch.ones(3, { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(() => y.backward()).toThrow(errors.second_backward);
  });

  test('a graph without saved tensors can be run again (as in PyTorch)', () => {
    const x = torch.ones(3, { requiresGrad: true });
    const y = x.add(1).sum();
    y.backward();
    y.backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });

  test('createGraph keeps the graph by default', () => {
    const x = torch.tensor([2], { ...f64, requiresGrad: true });
    const y = x.pow(3).sum();
    y.backward(null, { createGraph: true });
    expect(x.grad!.requiresGrad).toBe(true);
    y.backward(null, { createGraph: true });
    expect(x.grad!.tolist()).toEqual([24]);
  });

  test('implicit gradients only for scalars; shapes of given gradients are checked', () => {
    const x = torch.ones(3, { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow(errors.implicit_non_scalar);
    expect(() => x.mul(2).backward(torch.ones(2))).toThrow(errors.shape_mismatch);
    expect(() => torch.rand(3).sum().backward()).toThrow(errors.no_grad_fn);
  });

  test('a one-element non-scalar output takes the implicit gradient', () => {
    const x = torch.ones(1, { requiresGrad: true });
    x.mul(3).backward();
    expect(x.grad!.tolist()).toEqual([3]);
  });

  test('backward from a leaf accumulates the given gradient', () => {
    const x = torch.ones(2, { requiresGrad: true });
    x.backward(torch.tensor([1.5, 2.5]));
    expect(x.grad!.tolist()).toEqual([1.5, 2.5]);
  });

  test('gradients from several paths are summed (diamond)', () => {
    const x = torch.tensor([3], { ...f64, requiresGrad: true });
    const a = x.mul(2), b = x.pow(2);
    a.mul(b).sum().backward(); // d(2x * x^2)/dx = 6x^2
    expect(x.grad!.tolist()).toEqual([54]);
  });

  test('broadcast gradients are summed back to each input shape, dtypes follow the inputs', () => {
    const a = torch.ones([3, 1], { requiresGrad: true });
    const b = torch.ones([4], { ...f64, requiresGrad: true });
    const y = a.add(b);
    expect(y.dtype).toBe(torch.float64);
    y.sum().backward();
    expect(a.grad!.dtype).toBe(torch.float32);
    expect([...a.grad!.shape]).toEqual([3, 1]);
    expect(a.grad!.tolist()).toEqual([[4], [4], [4]]);
    expect(b.grad!.tolist()).toEqual([3, 3, 3, 3]);
  });

  test('a long chain does not overflow the stack', () => {
    const x = torch.ones(1, { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 20000; i++) y = y.add(1);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([1]);
  });

  test('backward({ inputs }) accumulates only into the given tensors', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const w = torch.ones(2, { requiresGrad: true });
    const h = x.mul(w);
    h.sum().backward(null, { inputs: [w] });
    expect(x.grad).toBeNull();
    expect(w.grad!.tolist()).toEqual([1, 1]);
    const z = torch.ones(2, { requiresGrad: true });
    const m = z.mul(2);
    m.mul(3).sum().backward(null, { inputs: [m] });
    expect(m.grad!.tolist()).toEqual([3, 3]); // a non-leaf input gets its .grad
    expect(z.grad).toBeNull();
    expect(() => autograd.backward(m.sum(), null, { inputs: [] })).toThrow(
      "'inputs' argument to backward() cannot be empty.",
    );
  });

  test('autograd.backward over several outputs', () => {
    const x = torch.tensor([1, 2], { ...f64, requiresGrad: true });
    autograd.backward([x.mul(2).sum(), x.pow(2)], [null, torch.tensor([1, 1], f64)]);
    expect(x.grad!.tolist()).toEqual([4, 6]);
  });

  test('detach and detach_ cut the graph', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const y = x.mul(2);
    const d = y.detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.gradFn).toBeNull();
    const z = x.mul(3);
    z.detach_();
    expect(z.isLeaf).toBe(true);
    expect(z.requiresGrad).toBe(false);
    x.mul(d).sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  test('ops without a derivative record NotImplemented and fail in backward', () => {
    const x = torch.ones(3, { requiresGrad: true });
    const y = torch.floorDivide(x.mul(1), 2);
    expect(y.gradFn!.name()).toBe('NotImplemented');
    expect(() => y.sum().backward()).toThrow(errors.floor_divide);
  });

  test('in-place on a leaf that requires grad fails, outside noGrad', () => {
    const x = torch.ones(3, { requiresGrad: true });
    expect(() => x.add_(1)).toThrow(errors.leaf_inplace);
    torch.noGrad(() => x.add_(1));
    expect(x.tolist()).toEqual([2, 2, 2]);
  });

  test('in-place on a non-leaf is recorded with the op node name', () => {
    const x = torch.tensor([1, 2], { ...f64, requiresGrad: true });
    const y = x.mul(1);
    y.mul_(x);
    expect(y.gradFn!.name()).toBe('MulBackward0');
    y.sum().backward(); // d(x*x)/dx
    expect(x.grad!.tolist()).toEqual([2, 4]);
  });

  test('an in-place op with a grad-requiring operand makes a plain tensor part of the graph', () => {
    const x = torch.tensor([1, 2], { ...f64, requiresGrad: true });
    const acc = torch.zeros(2, f64);
    acc.add_(x.mul(5));
    expect(acc.gradFn!.name()).toBe('AddBackward0');
    acc.sum().backward();
    expect(x.grad!.tolist()).toEqual([5, 5]);
  });
});

describe('hooks and retainGrad', () => {
  test('hooks may replace gradients, on leaves and on results', () => {
    const a = torch.tensor([1, 2], { dtype: torch.float32, requiresGrad: true });
    const b = a.mul(3);
    b.registerHook((g) => g.mul(10));
    a.registerHook((g) => g.add(1));
    b.sum().backward();
    expect(a.grad!.tolist()).toEqual([31, 31]); // as PyTorch: (1 * 10) * 3 + 1
  });

  test('hooks see the gradient and can be removed', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const seen: number[][] = [];
    const h = x.registerHook((g) => void seen.push(g.tolist() as number[]));
    x.mul(2).sum().backward();
    h.remove();
    x.mul(2).sum().backward();
    expect(seen).toEqual([[2, 2]]);
  });

  test('retainGrad keeps the gradient of a non-leaf', () => {
    const h = torch.rand(3, { requiresGrad: true });
    const w = h.mul(2);
    w.retainGrad();
    expect(w.retainsGrad).toBe(true);
    const v = h.mul(3);
    w.add(v).sum().backward();
    expect(w.grad!.tolist()).toEqual([1, 1, 1]);
    expect(v.grad).toBeNull();
    expect(() => torch.rand(2).retainGrad()).toThrow(errors.retain_grad_no_grad);
  });

  test('retainGrad on the output of backward', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const y = x.mul(2).sum();
    y.retainGrad();
    y.backward();
    expect(y.grad!.item()).toBe(1);
  });
});
