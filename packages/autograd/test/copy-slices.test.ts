import './setup.js';
import * as torch from '@torchts/core';
import { gradcheck } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { describeFamily } from './derivatives/harness.js';

// In-place ops on views (CopySlices on the base, AsStridedBackward0 on the view), against PyTorch.
describeFamily('inplace');

describe('CopySlices', () => {
  test('the base gets CopySlices, the view AsStridedBackward0, as in PyTorch', () => {
    const x = torch.rand([3, 4], { dtype: torch.float64, requiresGrad: true });
    const y = x.clone();
    const v = y.select(0, 1);
    v.mul_(2);
    expect(y.gradFn!.name()).toBe('CopySlices');
    expect(v.gradFn!.name()).toBe('AsStridedBackward0');
    expect(v.gradFn!.nextFunctions[0]![0]).toBe(y.gradFn);
    expect(y.gradFn!.nextFunctions.map(([n]) => n?.name() ?? null)).toEqual(['CloneBackward0', null]);
    expect(String(y)).toContain('grad_fn=<CopySlices>');
  });

  test('in-place ops on a view of a view and several in-place ops in a row', () => {
    const f = (x: torch.Tensor): torch.Tensor => {
      const y = x.mul(1);
      const v = y.narrow(1, 1, 3).select(1, 1); // column 2
      v.mul_(v.add(1));
      v.sub_(0.5);
      y.narrow(0, 0, 2).exp_();
      return y.mul(y);
    };
    const x = torch.randn([3, 4], { dtype: torch.float64, requiresGrad: true });
    expect(gradcheck(f, [x])).toBe(true);
  });

  test('a buffer that does not require grad becomes part of the graph', () => {
    const x = torch.tensor([1, 2], { dtype: torch.float64, requiresGrad: true });
    const buf = torch.zeros([2, 2], { dtype: torch.float64 });
    expect(buf.requiresGrad).toBe(false);
    buf.select(0, 0).copy_(x.mul(3));
    expect(buf.requiresGrad).toBe(true);
    expect(buf.isLeaf).toBe(false);
    buf.sum().backward();
    expect(x.grad!.tolist()).toEqual([3, 3]);
  });

  test('a view of a leaf that requires grad cannot be modified in place', () => {
    const x = torch.rand([3], { requiresGrad: true });
    expect(() => x.select(0, 0).add_(1)).toThrow(
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
  });
});
