import './setup.js';
import { describe, expect, it } from 'vitest';
import { float32, tensor } from '@torchts/core';
import { addcdiv_, addcmul_ } from '../src/pointwise.js';

const f32 = (v: number[]) => tensor(v, { dtype: float32 });

// Expected values are PyTorch 1.13's, from
// s.addcmul_(t1, t2, value=0.1) and s.addcdiv_(t1, t2, value=-0.01) on float32 tensors.
describe('pointwise', () => {
  it("addcmul_ rounds as PyTorch's kernel", () => {
    const s = f32([1, 2, 3]);
    expect(addcmul_(s, f32([0.3, 0.7, 1.1]), f32([2, -3, 0.5]), 0.1)).toBe(s);
    expect(s.tolist()).toEqual([1.059999942779541, 1.7899999618530273, 3.055000066757202]);
  });

  it("addcdiv_ rounds as PyTorch's kernel", () => {
    const s = f32([1, 2, 3]);
    addcdiv_(s, f32([0.3, 0.7, 1.1]), f32([2, -3, 0.7]), -0.01);
    expect(s.tolist()).toEqual([0.9984999895095825, 2.002333402633667, 2.984285831451416]);
  });
});
