import './setup.js';
import * as torch from '@torchts/core';
import '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

// The autograd chapter of PyTorch's 60-minute blitz, printed as PyTorch prints it
// (fixtures/autograd.json, "blitz", from gen_autograd.py).
const blitz = loadGolden().blitz as Record<string, string | boolean | boolean[]>;

describe('60-minute blitz: autograd', () => {
  test('x.grad is all 4.5', () => {
    const x = torch.ones(2, 2, { requiresGrad: true });
    expect(String(x)).toBe(blitz.x);
    const y = x.add(2);
    expect(String(y)).toBe(blitz.y);
    expect(y.gradFn!.name()).toBe(blitz.y_grad_fn);
    const z = y.mul(y).mul(3);
    const out = z.mean();
    expect(String(z)).toBe(blitz.z);
    expect(String(out)).toBe(blitz.out);
    out.backward();
    expect(String(x.grad)).toBe(blitz.x_grad);
  });

  test('Q = 3a^3 - b^2 with an external gradient: a.grad == 9a^2, b.grad == -2b', () => {
    const a = torch.tensor([2.0, 3.0], { dtype: torch.float32, requiresGrad: true });
    const b = torch.tensor([6.0, 4.0], { dtype: torch.float32, requiresGrad: true });
    const Q = a.pow(3).mul(3).sub(b.pow(2));
    Q.backward(torch.tensor([1.0, 1.0], { dtype: torch.float32 }));
    expect(String(a.grad)).toBe(blitz.a_grad);
    expect(String(b.grad)).toBe(blitz.b_grad);
    expect(String(a.pow(2).mul(9).eq(a.grad!))).toBe(blitz.a_check);
    expect(String(b.mul(-2).eq(b.grad!))).toBe(blitz.b_check);
  });

  test('vector-Jacobian product with y.backward(v)', () => {
    const x = torch.tensor([0.5, -1.0, 2.0], { dtype: torch.float32, requiresGrad: true });
    let y = x.mul(2);
    while ((y.data.norm().item() as number) < 1000) y = y.mul(2);
    expect(String(y)).toBe(blitz.vjp_y);
    const v = torch.tensor([0.1, 1.0, 0.0001], { dtype: torch.float32 });
    y.backward(v);
    expect(String(x.grad)).toBe(blitz.vjp_x_grad);
  });

  test('requiresGrad, noGrad and detach', () => {
    const x = torch.tensor([0.5, -1.0, 2.0], { dtype: torch.float32, requiresGrad: true });
    expect([x.requiresGrad, x.pow(2).requiresGrad]).toEqual(blitz.requires_grad);
    torch.noGrad(() => {
      expect(x.pow(2).requiresGrad).toBe(blitz.no_grad);
    });
    const d = x.detach();
    expect([d.requiresGrad, x.eq(d).all().item()]).toEqual(blitz.detach);
  });
});
