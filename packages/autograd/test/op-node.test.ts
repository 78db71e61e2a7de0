import './setup.js';
import * as torch from '@torchts/core';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

const errors = loadGolden().errors as Record<string, string>;

describe('OpNode', () => {
  test('tensors in the recorded args are freed with the graph', () => {
    const x = torch.rand([3, 4], { requiresGrad: true });
    const idx = torch.tensor([[0], [1], [2]]);
    const y = x.gather(1, idx).sum();
    y.backward();
    expect(() => y.backward()).toThrow(errors.second_backward);
  });

  test('an op without a derivative fails in backward with PyTorch message', () => {
    const x = torch.rand(3, { requiresGrad: true });
    const y = x.floorDivide(2);
    expect(() => y.sum().backward()).toThrow(errors.floor_divide);
  });
});
