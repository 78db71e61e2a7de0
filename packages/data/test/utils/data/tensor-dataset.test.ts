import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { TensorDataset } from '@torchts/data';

describe('TensorDataset', () => {
  it('indexes every tensor along the first dimension', () => {
    const ds = new TensorDataset(torch.arange(6).reshape(3, 2), torch.tensor([7, 8, 9]));
    expect(ds.length).toBe(3);
    const [x, y] = ds.getItem(1);
    expect(x!.tolist()).toEqual([2, 3]);
    expect(y!.item()).toBe(8);
    expect(ds.getItem(-1)[1]!.item()).toBe(9);
    expect(() => ds.getItem(3)).toThrow('index 3 is out of bounds for dimension 0 with size 3');
  });

  it('refuses tensors of different lengths', () => {
    expect(() => new TensorDataset(torch.zeros(3), torch.zeros(4))).toThrow('Size mismatch between tensors');
  });
});
