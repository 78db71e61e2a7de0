import '../setup.js';
import { describe, expect, test } from 'vitest';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors } from './cases.js';
import * as torch from '@torchts/core';

const { F } = nn;
const fx = loadFamily('linear');

describe('linear and bilinear equal PyTorch', () => {
  runCases(fx, {
    linear: (d) => F.linear(d.x!, d.w!, d.b!),
    'linear(3-d)': (d) => F.linear(d.x!, d.w!, d.b!),
    'linear(no bias)': (d) => F.linear(d.x!, d.w!),
    bilinear: (d) => F.bilinear(d.x1!, d.x2!, d.w!, d.b!),
  });
  test('gradFn as PyTorch 1.13: AddmmBackward0 (2-d), ViewBackward0 (contiguous 3-d), AddBackward0 (else)', () => {
    const w = torch.randn(5, 4, { requiresGrad: true }), b = torch.randn(5, { requiresGrad: true });
    expect(F.linear(torch.randn(2, 4), w, b).gradFn!.name()).toBe('AddmmBackward0');
    expect(F.linear(torch.randn(2, 3, 4), w, b).gradFn!.name()).toBe('ViewBackward0');
    expect(F.linear(torch.randn(2, 2, 3, 4), w, b).gradFn!.name()).toBe('AddBackward0');
  });
  runErrors(fx, {
    'linear(shapes)': () => F.linear(torch.zeros(3, 4), torch.zeros(2, 5)),
  });
});
