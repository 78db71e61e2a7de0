import './setup.js';
import * as torch from '@torchts/core';
import { grad } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

const errors = loadGolden().errors as Record<string, string>;
// PyTorch's hint mentions a Python API; the message is checked up to the hint.
const upToHint = (s: string): string => s.slice(0, s.indexOf(' Hint:'));

describe('saved tensors', () => {
  test('a saved output modified in place is detected, with PyTorch message', () => {
    const x = torch.ones(3, { dtype: torch.float64, requiresGrad: true });
    const z = x.exp();
    const w = z.mul(2);
    z.add_(1);
    expect(() => w.sum().backward()).toThrow(upToHint(errors.modified_output));
  });

  test('a saved bfloat16 output modified in place names its type as PyTorch does (CPUBFloat16Type)', () => {
    const x = torch.ones(3, { dtype: torch.bfloat16, requiresGrad: true });
    const z = x.exp();
    const w = z.mul(2);
    z.add_(1);
    expect(() => w.sum().backward()).toThrow(upToHint(errors.modified_output_bf16));
  });

  test('backward through bfloat16 gives bfloat16 gradients', () => {
    // fixtures/gen_autograd.py: (x * x * 1.1).sum().backward() in PyTorch 1.13.
    const golden = loadGolden().bfloat16;
    const x = torch.tensor(golden.x, { dtype: torch.bfloat16, requiresGrad: true });
    x.mul(x).mul(1.1).sum().backward();
    expect(x.grad!.dtype).toBe(torch.bfloat16);
    expect(x.grad!.tolist()).toEqual(golden.grad);
  });

  test('a saved leaf modified in place is detected', () => {
    const x = torch.rand(3, { dtype: torch.float64, requiresGrad: true });
    const c = torch.rand(3, { dtype: torch.float64 });
    const p = x.mul(c);
    c.add_(1);
    expect(() => p.sum().backward()).toThrow(upToHint(errors.modified_leaf));
  });

  test('modifying a tensor nobody saved is fine', () => {
    const x = torch.ones(3, { requiresGrad: true });
    const y = x.add(1);
    const z = y.mul(2); // saves nothing of y (the other operand is a number)
    y.add_(1);
    z.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2, 2]);
  });

  test('saved values survive the tidy scope that created them', () => {
    const x = torch.tensor([1, 2], { dtype: torch.float64, requiresGrad: true });
    const loss = torch.tidy(() => x.exp().mul(x.sin()).sum());
    loss.backward();
    const expected = [1, 2].map((v) => Math.exp(v) * (Math.sin(v) + Math.cos(v)));
    (x.grad!.tolist() as number[]).forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 12));
  });

  test('saved tensors are released after backward', () => {
    const x = torch.ones(100, { requiresGrad: true });
    const before = torch.memory().bytes;
    const y = x.exp(); // ExpBackward0 saves its result
    const loss = y.sum();
    y.dispose(); // the graph still holds the result
    expect(torch.memory().bytes).toBeGreaterThan(before);
    const [g] = grad(loss, x);
    g!.dispose();
    loss.dispose();
    expect(torch.memory().bytes).toBe(before);
  });
});
