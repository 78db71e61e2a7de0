import '../../setup.js';
import { describe, expect, it } from 'vitest';
import { Subset } from '@torchts/data';

describe('Subset', () => {
  it('reads the parent at the given indices', () => {
    const parent = { length: 10, getItem: (i: number) => i * i };
    const s = new Subset(parent, [3, 1, 4]);
    expect(s.length).toBe(3);
    expect([0, 1, 2, -1].map((i) => s.getItem(i))).toEqual([9, 1, 16, 16]);
    expect(() => s.getItem(3)).toThrow('out of range');
  });
});
