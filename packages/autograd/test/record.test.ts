import './setup.js';
import * as torch from '@torchts/core';
import { differentiableOps } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';

describe('recording', () => {
  const x = torch.tensor([[1, 5, 2], [7, 0, 3]], { dtype: torch.float32, requiresGrad: true });

  test('only floating-point outputs get a gradFn', () => {
    expect(x.gt(2).requiresGrad).toBe(false);
    expect(x.argmax().requiresGrad).toBe(false);
    const [values, indices] = x.max(1);
    expect(values.gradFn!.name()).toBe('MaxBackward0');
    expect(indices.requiresGrad).toBe(false);
    expect(indices.gradFn).toBeNull();
  });

  test('nothing is recorded without an input that requires grad, or under noGrad', () => {
    expect(torch.ones(2).exp().gradFn).toBeNull();
    expect(torch.noGrad(() => x.exp()).gradFn).toBeNull();
  });

  test('index and mask arguments outlive the tidy scope of the forward pass', () => {
    const loss = torch.tidy(() => {
      const idx = torch.tensor([[0], [2]]);
      const mask = x.gt(2);
      return x.gather(1, idx).sum().add(x.maskedFill(mask, 0).sum());
    });
    loss.backward();
    expect(x.grad!.tolist()).toEqual([[2, 0, 1], [0, 1, 1]]);
  });

  test('the derivative table covers the recorded ops', () => {
    const ops = differentiableOps();
    for (const op of ['add', 'mul', 'view', 'sum', 'mm', 'softmax', 'cat', 'index', 'indexPut', 'clamp', 'where', 'gather']) {
      expect(ops).toContain(op);
    }
  });
});
