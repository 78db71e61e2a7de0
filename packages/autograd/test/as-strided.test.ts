import './setup.js';
import * as torch from '@torchts/core';
import type { Tensor } from '@torchts/core';
import { gradcheck, gradgradcheck } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { asStrided, extentOf, hasOverlap } from '../src/as-strided.js';

describe('as_strided views', () => {
  test('extent and overlap of geometries', () => {
    expect(extentOf({ shape: [3, 4], strides: [4, 1], offset: 0 })).toBe(12);
    expect(extentOf({ shape: [2, 2], strides: [1, 4], offset: 0 })).toBe(6);
    expect(extentOf({ shape: [0, 4], strides: [4, 1], offset: 0 })).toBe(0);
    expect(hasOverlap({ shape: [3, 4], strides: [4, 1], offset: 0 })).toBe(false);
    expect(hasOverlap({ shape: [3, 4], strides: [0, 1], offset: 0 })).toBe(true);
    expect(hasOverlap({ shape: [3, 3], strides: [1, 1], offset: 0 })).toBe(true);
    expect(hasOverlap({ shape: [2, 1], strides: [1, 0], offset: 0 })).toBe(false);
  });

  test('AsStridedBackward0 scatters the gradient back (gradcheck, second order)', () => {
    const x = torch.randn([3, 4], { dtype: torch.float64, requiresGrad: true });
    const f = (t: Tensor): Tensor => asStrided(t, { shape: [2, 2], strides: [1, 4], offset: 5 }).mul(t.sum());
    expect(f(x).gradFn!.name()).toBe('MulBackward0');
    expect(asStrided(x, { shape: [2], strides: [3], offset: 1 }).gradFn!.name()).toBe('AsStridedBackward0');
    expect(gradcheck(f, [x])).toBe(true);
    expect(gradgradcheck(f, [x])).toBe(true);
  });

  test('overlapping views sum their gradients', () => {
    const x = torch.randn([4], { dtype: torch.float64, requiresGrad: true });
    const f = (t: Tensor): Tensor => asStrided(t, { shape: [3, 2], strides: [1, 1], offset: 0 });
    expect(gradcheck(f, [x])).toBe(true);
    f(x).sum().backward();
    expect(x.grad!.tolist()).toEqual([1, 2, 2, 1]);
  });
});
