import './setup.js';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { det, loadFixture } from './golden.js';
import { nn } from './nn.js';

const { printing } = loadFixture<{ printing: Record<string, string> }>('utils.json');

describe('Parameter', () => {
  test('prints as PyTorch: "Parameter containing:" then the tensor', () => {
    expect(String(new nn.Parameter(torch.tensor([1.0, 2.5])))).toBe(printing.vector);
    expect(inspect(new nn.Parameter(det([2, 3], 1)))).toBe(printing.matrix);
    expect(String(new nn.Parameter(torch.tensor([1, 2], { dtype: torch.float32 }), false))).toBe(printing.frozen);
    expect(String(new nn.Parameter(torch.tensor([1.0, 2.0], { dtype: torch.float64 })))).toBe(printing.double);
  });
  test('shares storage with the tensor it wraps, is a leaf that requires grad', () => {
    const t = torch.zeros(3);
    const p = new nn.Parameter(t);
    torch.noGrad(() => p.fill_(2));
    expect(t.sum().item()).toBe(6);
    expect(p.isLeaf).toBe(true);
    expect(p.requiresGrad).toBe(true);
    expect(nn.isParameter(p)).toBe(true);
    expect(nn.isParameter(t)).toBe(false);
    expect(p.mul(2)).not.toBeInstanceOf(nn.Parameter);
  });
  test('survives torch.tidy (parameters are long-lived state)', () => {
    const lin = torch.tidy(() => {
      const l = new nn.Linear(2, 2);
      l(torch.ones(1, 2));
      return [l];
    })[0]!;
    expect(lin.weight.isDisposed).toBe(false);
    expect(lin(torch.ones(1, 2)).shape).toEqual([1, 2]);
  });
  test('with no data, an empty tensor', () => {
    expect([...new nn.Parameter().shape]).toEqual([0]);
  });
});
