import './setup.js';
import * as torch from '@torchts/core';
import { autograd, grad } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

const errors = loadGolden().errors as Record<string, string>;
const f64 = { dtype: torch.float64 };

describe('autograd.grad', () => {
  test('returns gradients without touching .grad', () => {
    const x = torch.tensor([1, 2], { ...f64, requiresGrad: true });
    const [g] = grad(x.pow(2).sum(), x);
    expect(g!.tolist()).toEqual([2, 4]);
    expect(x.grad).toBeNull();
    expect(g!.requiresGrad).toBe(false);
  });

  test('higher-order derivatives through createGraph', () => {
    const x = torch.tensor([2, 3], { ...f64, requiresGrad: true });
    const [d1] = grad(x.pow(3).sum(), x, { createGraph: true });
    expect(d1!.tolist()).toEqual([12, 27]);
    expect(d1!.gradFn).not.toBeNull();
    const [d2] = grad(d1!.sum(), x, { createGraph: true });
    expect(d2!.tolist()).toEqual([12, 18]);
    const [d3] = grad(d2!.sum(), x);
    expect(d3!.tolist()).toEqual([6, 6]);
  });

  test('gradients with respect to intermediate results', () => {
    const x = torch.tensor([1, 2], { ...f64, requiresGrad: true });
    const h = x.mul(3);
    const y = h.pow(2).sum();
    const [gh, gx] = grad(y, [h, x]);
    expect(gh!.tolist()).toEqual([6, 12]);
    expect(gx!.tolist()).toEqual([18, 36]);
  });

  test('gradOutputs: the vector of a vector-Jacobian product', () => {
    const x = torch.tensor([1, 2, 3], { ...f64, requiresGrad: true });
    const [g] = grad(x.mul(x), x, { gradOutputs: torch.tensor([1, 0.5, 0], f64) });
    expect(g!.tolist()).toEqual([2, 2, 0]);
    expect(() => grad(x.mul(2), x)).toThrow(errors.implicit_non_scalar);
    expect(() => grad(x.mul(2), x, { gradOutputs: torch.ones(2, f64) })).toThrow(errors.shape_mismatch);
  });

  test('unused inputs fail unless allowUnused', () => {
    const x = torch.ones(3, { requiresGrad: true });
    const y = torch.rand(3, { requiresGrad: true });
    expect(() => grad(x.mul(2).sum(), [x, y])).toThrow(errors.unused);
    const [gx, gy] = grad(x.mul(2).sum(), [x, y], { allowUnused: true });
    expect(gx!.tolist()).toEqual([2, 2, 2]);
    expect(gy).toBeNull();
    expect(() => grad(x.mul(2).sum(), [torch.rand(3)])).toThrow(errors.no_grad_input);
    expect(() => grad(x.mul(2).sum(), [])).toThrow('grad requires non-empty inputs.');
  });

  test('frees the graph unless retainGraph', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const y = x.mul(x).sum();
    grad(y, x, { retainGraph: true });
    grad(y, x);
    expect(() => grad(y, x)).toThrow(errors.second_backward);
  });

  test('several outputs with their own gradOutputs', () => {
    const x = torch.tensor([1, 2], { ...f64, requiresGrad: true });
    const [g] = grad([x.mul(2), x.pow(2).sum()], x, { gradOutputs: [torch.ones(2, f64), null] });
    expect(g!.tolist()).toEqual([4, 6]);
  });

  test('the namespace exposes grad, backward and the grad-mode functions', () => {
    expect(autograd.grad).toBe(grad);
    for (const k of ['backward', 'Function', 'gradcheck', 'gradgradcheck', 'noGrad', 'enableGrad', 'setGradEnabled', 'isGradEnabled', 'inferenceMode'] as const) {
      expect(autograd[k]).toBeDefined();
    }
  });
});
