import '../../setup.js';
import { describe, expect, it } from 'vitest';
import { ConcatDataset, IterableDataset } from '@torchts/data';

describe('ConcatDataset', () => {
  it('chains datasets and finds the right one by bisection', () => {
    const a = { length: 2, getItem: (i: number) => `a${i}` };
    const b = { length: 0, getItem: (i: number) => `b${i}` };
    const c = { length: 3, getItem: (i: number) => `c${i}` };
    const ds = new ConcatDataset([a, b, c]);
    expect(ds.length).toBe(5);
    expect(ds.cumulativeSizes).toEqual([2, 2, 5]);
    expect([0, 1, 2, 4, -1, -5].map((i) => ds.getItem(i))).toEqual(['a0', 'a1', 'c0', 'c2', 'c2', 'a0']);
    expect(() => ds.getItem(-6)).toThrow('absolute value of index should not exceed dataset length');
  });

  it("gives PyTorch's errors", () => {
    expect(() => new ConcatDataset([])).toThrow('datasets should not be an empty iterable');
    class It extends IterableDataset<number> {
      *[Symbol.iterator]() {
        yield 1;
      }
    }
    expect(() => new ConcatDataset([new It() as never])).toThrow('ConcatDataset does not support IterableDataset');
  });
});
