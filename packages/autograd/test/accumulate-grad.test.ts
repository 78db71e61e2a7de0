import './setup.js';
import * as torch from '@torchts/core';
import { AccumulateGrad } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

const names = loadGolden().names as Record<string, [string | null, number][]>;

describe('AccumulateGrad', () => {
  test('leaves appear as AccumulateGrad in nextFunctions, constants as [null, 0]', () => {
    const x = torch.ones(2, 2, { requiresGrad: true });
    const y = x.mul(2);
    expect(y.gradFn!.nextFunctions.map(([n, i]) => [n?.name() ?? null, i])).toEqual(names.next_functions);
    expect(x.add(1).gradFn!.nextFunctions.map(([n, i]) => [n?.name() ?? null, i])).toEqual(names.add_scalar_next);
  });

  test('one AccumulateGrad per leaf, pointing at it', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const a = x.mul(2).gradFn!.nextFunctions[0]![0];
    const b = x.exp().gradFn!.nextFunctions[0]![0];
    expect(a).toBe(b);
    expect(a).toBeInstanceOf(AccumulateGrad);
    expect((a as AccumulateGrad).variable).toBe(x);
  });

  test('leaf gradients survive the tidy scope of backward', () => {
    const x = torch.ones(2, { requiresGrad: true });
    torch.tidy(() => x.mul(3).sum().backward());
    expect(x.grad!.isDisposed).toBe(false);
    expect(x.grad!.tolist()).toEqual([3, 3]);
  });

  test('with createGraph the gradient is differentiable (grad_fn=<CopyBackwards>, as PyTorch)', () => {
    const x = torch.tensor(2, { dtype: torch.float32, requiresGrad: true });
    x.pow(3).backward(null, { createGraph: true });
    expect(String(x.grad)).toBe('tensor(12., grad_fn=<CopyBackwards>)');
  });
});
