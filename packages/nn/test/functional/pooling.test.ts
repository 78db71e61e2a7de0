import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors, type Inputs } from './cases.js';
import { NO_FUSED } from './no-fused.js';

const { F } = nn;
const fx = loadFamily('pooling');

const impl: Record<string, (d: Inputs) => torch.Tensor | torch.Tensor[]> = {
  'max_pool2d(2)': (d) => F.maxPool2d(d.x!, 2),
  'max_pool2d(3,stride=2,padding=1,ceil_mode,indices)': (d) =>
    F.maxPool2d(d.x!, 3, { stride: 2, padding: 1, ceilMode: true, returnIndices: true }),
  'max_pool2d(2,dilation=2)': (d) => F.maxPool2d(d.x!, 2, { dilation: 2 }),
  'max_pool2d(unbatched,(3,2),stride=(2,1))': (d) => F.maxPool2d(d.x!, [3, 2], [2, 1]),
  'max_pool1d(3,stride=2,indices)': (d) => F.maxPool1d(d.x!, 3, { stride: 2, returnIndices: true }),
  'avg_pool2d(3,stride=2,padding=1)': (d) => F.avgPool2d(d.x!, 3, 2, 1),
  'avg_pool2d(3,stride=2,ceil_mode,count_include_pad=False)': (d) =>
    F.avgPool2d(d.x!, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
  'avg_pool2d(2,divisor_override=5)': (d) => F.avgPool2d(d.x!, 2, { divisorOverride: 5 }),
  'avg_pool1d(3,stride=2)': (d) => F.avgPool1d(d.x!, 3, 2),
  'adaptive_avg_pool2d((3,4))': (d) => F.adaptiveAvgPool2d(d.x!, [3, 4]),
  'adaptive_avg_pool2d(1)': (d) => F.adaptiveAvgPool2d(d.x!, 1),
  'adaptive_avg_pool2d((None,2))': (d) => F.adaptiveAvgPool2d(d.x!, [null, 2]),
  'adaptive_avg_pool1d(3)': (d) => F.adaptiveAvgPool1d(d.x!, 3),
};

describe('pooling equals PyTorch (fused kernels)', () => {
  runCases(fx, impl);
  test('fused max pooling is one MaxPool2DWithIndicesBackward0 node', () => {
    const x = torch.randn(1, 1, 4, 4, { requiresGrad: true });
    expect(F.maxPool2d(x, 2).gradFn!.name()).toBe('MaxPool2DWithIndicesBackward0');
  });
});

describe('pooling equals PyTorch (composite path, no fused kernels)', () => {
  runCases(fx, impl, { device: NO_FUSED });
});

describe('pooling errors', () => {
  const z = (...s: number[]): torch.Tensor => torch.zeros(s);
  runErrors(fx, {
    'max_pool2d(pad>k/2)': () => F.maxPool2d(z(1, 1, 8, 8), 3, { padding: 2 }),
    'max_pool2d(too small)': () => F.maxPool2d(z(1, 1, 2, 2), 3),
    'max_pool2d(2-d)': () => F.maxPool2d(z(8, 8), 2),
    'max_pool2d(stride=0)': () => F.maxPool2d(z(1, 1, 5, 5), 2, 0),
    'max_pool2d(dilation=0)': () => F.maxPool2d(z(1, 1, 5, 5), 2, { dilation: 0 }),
    'max_pool2d(empty)': () => F.maxPool2d(z(1, 1, 0, 5), 2),
    'max_pool1d(1-d)': () => F.maxPool1d(z(5), 2),
    'adaptive_avg_pool2d(2-d)': () => F.adaptiveAvgPool2d(z(5, 5), 2),
  });
});
