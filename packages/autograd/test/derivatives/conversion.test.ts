import '../setup.js';
import * as torch from '@torchts/core';
import { grad } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { describeFamily } from './harness.js';

// Gradients of the conversion ops and in-place writers against PyTorch goldens, gradcheck and gradgradcheck.
describeFamily('conversion');

describe('in-place writers that overwrite self', () => {
  // Names from PyTorch 1.13: x.clone().uniform_() -> UniformBackward0, and so on.
  const writers: [string, (t: torch.Tensor) => torch.Tensor][] = [
    ['UniformBackward0', (t) => t.uniform_()],
    ['NormalBackward0', (t) => t.normal_()],
    ['RandomBackward0', (t) => t.random_(0, 5)],
    ['BernoulliBackward2', (t) => t.bernoulli_(0.5)],
    ['ZeroBackward0', (t) => t.zero_()],
    ['FillBackward2', (t) => t.fill_(3)],
    ['CopyBackwards', (t) => t.fill_(torch.tensor(3, { dtype: torch.float64 }))],
  ];
  for (const [name, write] of writers) {
    test(`${name}: the old values get a zero gradient`, () => {
      const x = torch.ones([2, 2], { dtype: torch.float64, requiresGrad: true });
      const y = write(x.mul(2));
      expect(y.gradFn!.name()).toBe(name);
      const [g] = grad(y.sum(), x);
      expect(g!.tolist()).toEqual([[0, 0], [0, 0]]);
    });
  }
});
