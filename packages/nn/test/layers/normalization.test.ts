import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { runLayerCases } from './cases.js';

const twiceThenEval = (m: nn.BatchNormNd, d: Record<string, torch.Tensor>): torch.Tensor[] => {
  const y1 = m(d.x1!), y2 = m(d.x2!);
  m.eval();
  return [y1, y2, m(d.x3!)];
};

describe('normalisation layers equal PyTorch (running statistics included)', () => {
  runLayerCases({
    'BatchNorm2d(3)(train,train,eval)': { make: () => new nn.BatchNorm2d(3), run: twiceThenEval },
    'BatchNorm1d(3,momentum=None)(train,train,eval)': { make: () => new nn.BatchNorm1d(3, { momentum: null }), run: twiceThenEval },
    'BatchNorm2d(3,track_running_stats=False)(eval)': {
      make: () => new nn.BatchNorm2d(3, { trackRunningStats: false }), run: (m: nn.BatchNorm2d, d) => m(d.x!),
    },
    'LayerNorm([3,4])': { make: () => new nn.LayerNorm([3, 4]), run: (m: nn.LayerNorm, d) => m(d.x!) },
    'GroupNorm(2,4)': { make: () => new nn.GroupNorm(2, 4), run: (m: nn.GroupNorm, d) => m(d.x!) },
    // Normalisation gradients cancel large terms: float32 rounding differs from PyTorch's fused kernel.
  }, { atol: 1e-5 });
  test('BatchNorm checks the input dims', () => {
    expect(() => new nn.BatchNorm2d(3)(torch.zeros(2, 3))).toThrow('expected 4D input (got 2D input)');
    expect(() => new nn.BatchNorm1d(3)(torch.zeros(2, 3, 4, 5))).toThrow('expected 2D or 3D input (got 4D input)');
  });
  test('camelCase aliases of the buffers', () => {
    const bn = new nn.BatchNorm2d(2);
    expect(bn.runningMean).toBe(bn.running_mean);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });
});
