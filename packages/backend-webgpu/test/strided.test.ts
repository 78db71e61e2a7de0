/** Coalescing of dims for kernels' addressing. */
import { describe, expect, it } from 'vitest';
import { coalesce, isContiguous } from '../src/strided.js';

describe('coalesce', () => {
  it('merges dims contiguous in every operand and drops size-1 dims', () => {
    expect(coalesce([2, 3, 4], [[12, 4, 1], [12, 4, 1]])).toEqual({ shape: [24], strides: [[1], [1]] });
    expect(coalesce([2, 1, 4], [[4, 99, 1]])).toEqual({ shape: [8], strides: [[1]] });
    expect(coalesce([2, 3, 4], [[12, 4, 1], [1, 2, 6]])).toEqual({ shape: [2, 3, 4], strides: [[12, 4, 1], [1, 2, 6]] });
    expect(coalesce([], [[]])).toEqual({ shape: [], strides: [[]] });
  });
  it('orders dims by an operand\'s strides, so a transposed output is walked in memory order', () => {
    expect(coalesce([3, 4], [[1, 3], [1, 3]], 1)).toEqual({ shape: [12], strides: [[1], [1]] });
    expect(coalesce([3, 4], [[4, 1], [1, 3]], 1)).toEqual({ shape: [4, 3], strides: [[1, 4], [3, 1]] });
  });
  it('keeps broadcast (0-stride) dims', () => {
    expect(coalesce([5, 6], [[0, 1], [6, 1]])).toEqual({ shape: [5, 6], strides: [[0, 1], [6, 1]] });
  });
});

describe('isContiguous', () => {
  it('ignores the strides of size-1 dims', () => {
    expect(isContiguous({ shape: [2, 1, 3], strides: [3, 7, 1] })).toBe(true);
    expect(isContiguous({ shape: [2, 3], strides: [1, 2] })).toBe(false);
    expect(isContiguous({ shape: [0, 3], strides: [5, 9] })).toBe(true);
  });
});
