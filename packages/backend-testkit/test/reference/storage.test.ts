import { describe, expect, it } from 'vitest';
import { indicesOf, numelOf, withDim } from '../../src/reference/storage.js';

describe('reference storage helpers', () => {
  it('walks indices in row-major order', () => {
    expect(indicesOf([2, 2])).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(indicesOf([])).toEqual([[]]);
    expect(indicesOf([3, 0])).toEqual([]);
    expect(numelOf([])).toBe(1);
    expect(withDim([1, 2, 3], 1, 7)).toEqual([1, 7, 3]);
  });
});
