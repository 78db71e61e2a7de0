import './setup.js';
import * as torch from '@torchts/core';
import { sumToShape } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';

describe('sumToShape', () => {
  const g = torch.arange(24, { dtype: torch.float64 }).reshape(2, 3, 4);

  test('returns the gradient itself when shapes match', () => {
    expect(sumToShape(g, [2, 3, 4])).toBe(g);
  });

  test('sums leading dims and size-1 dims', () => {
    expect(sumToShape(g, [4]).tolist()).toEqual([60, 66, 72, 78]);
    expect(sumToShape(g, [3, 1]).tolist()).toEqual([[60], [92], [124]]);
    expect(sumToShape(g, [1, 1, 1]).tolist()).toEqual([[[276]]]);
    expect(sumToShape(g, []).item()).toBe(276);
    expect([...sumToShape(g, [2, 1, 4]).shape]).toEqual([2, 1, 4]);
  });

  test('refuses shapes the gradient cannot come from', () => {
    expect(() => sumToShape(g, [5])).toThrow('size {2, 3, 4} is not expandable to size {5}.');
  });
});
