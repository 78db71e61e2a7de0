import './setup.js';
import * as torch from '@torchts/core';
import { describe, expect, test } from 'vitest';
import { metaOf } from '../src/node.js';
import { validateGrad } from '../src/validate.js';

describe('validateGrad', () => {
  const x = torch.zeros([3, 1], { dtype: torch.float32 });

  test('sums broadcast gradients back and casts to the input dtype', () => {
    const g = validateGrad(torch.ones([2, 3, 4], { dtype: torch.float64 }), metaOf(x), () => 'XBackward0', 0);
    expect(g.dtype).toBe(torch.float32);
    expect(g.tolist()).toEqual([[8], [8], [8]]);
  });

  test('refuses gradients of an incompatible shape, as PyTorch', () => {
    expect(() => validateGrad(torch.ones([2]), metaOf(x), () => 'XBackward0', 1)).toThrow(
      'Function XBackward0 returned an invalid gradient at index 1 - got [2] but expected shape compatible with [3, 1]',
    );
  });
});
