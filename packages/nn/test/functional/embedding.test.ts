import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors } from './cases.js';

const { F } = nn;
const fx = loadFamily('embedding');

describe('embedding and one-hot equal PyTorch', () => {
  runCases(fx, {
    embedding: (d) => F.embedding(d.i!, d.w!),
    'embedding(padding_idx=4)': (d) => F.embedding(d.i!, d.w!, { paddingIdx: 4 }),
    'embedding(scale_grad_by_freq)': (d) => F.embedding(d.i!, d.w!, { scaleGradByFreq: true }),
    'embedding(max_norm=1.0)': (d) => [F.embedding(d.i!, d.w!, { maxNorm: 1.0 }), d.w!.clone()],
    one_hot: (d) => F.oneHot(d.t!),
    'one_hot(5)': (d) => F.oneHot(d.t!, 5),
  });
  runErrors(fx, {
    'embedding(float indices)': () => F.embedding(torch.tensor([1, 2], { dtype: torch.float32 }), torch.zeros(5, 3)),
    'embedding(out of range)': () => F.embedding(torch.tensor([1, 7]), torch.zeros(5, 3)),
    'one_hot(float)': () => F.oneHot(torch.tensor([1, 2], { dtype: torch.float32 })),
    'one_hot(negative)': () => F.oneHot(torch.tensor([1, -2])),
    'one_hot(too large)': () => F.oneHot(torch.tensor([1, 5]), 3),
    'one_hot(empty)': () => F.oneHot(torch.zeros([0], { dtype: torch.int64 })),
  });
  test('embedding is one EmbeddingBackward0 node', () => {
    const w = torch.randn(4, 2, { requiresGrad: true });
    expect(F.embedding(torch.tensor([1, 3]), w).gradFn!.name()).toBe('EmbeddingBackward0');
  });
});
