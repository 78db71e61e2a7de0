// Normalize against torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { Normalize, ToTensor } from '@torchts/data';
import { expectMatches, inputs, vision } from '../helpers.js';

describe('Normalize', () => {
  it('normalizes per channel as torchvision, to the bit', () => {
    const x = new ToTensor()(inputs.pilRgb());
    expectMatches(new Normalize([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261])(x), vision.normalize);
  });

  it('leaves the input alone unless inplace', () => {
    const x = torch.ones(1, 2, 2);
    const y = new Normalize([0.5], [0.5])(x);
    expect(Array.from(x.toTypedArray())).toEqual([1, 1, 1, 1]);
    expect(Array.from(y.toTypedArray())).toEqual([1, 1, 1, 1]);
    const z = new Normalize([1], [2], { inplace: true })(x);
    expect(z).toBe(x);
    expect(Array.from(x.toTypedArray())).toEqual([0, 0, 0, 0]);
  });

  it("gives torchvision's errors and repr", () => {
    expect(() => new Normalize([0], [1])(torch.zeros([1, 2, 2], { dtype: torch.uint8 }))).toThrow('Input tensor should be a float tensor. Got torch.uint8.');
    expect(() => new Normalize([0], [1])(torch.zeros(2, 2))).toThrow('Expected tensor to be a tensor image of size (..., C, H, W)');
    expect(() => new Normalize([0], [0])(torch.zeros(1, 2, 2))).toThrow('std evaluated to zero after conversion to torch.float32');
    expect(String(new Normalize([0.5], [0.25]))).toBe('Normalize(mean=[0.5], std=[0.25])');
  });
});
