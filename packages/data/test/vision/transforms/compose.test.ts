import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { Compose, Lambda, Normalize, ToTensor, Transform } from '@torchts/data';
import { inputs } from '../helpers.js';

describe('Compose and Lambda', () => {
  it('chains transforms and functions; transforms are callable', () => {
    const t = new Compose([new ToTensor(), new Lambda((x: torch.Tensor) => x.mul(2)), (x: torch.Tensor) => x.shape]);
    expect(t(inputs.pilL())).toEqual([1, 9, 11]);
    expect(typeof new ToTensor()).toBe('function');
    expect(new ToTensor()).toBeInstanceOf(Transform);
  });

  it('prints as torchvision', () => {
    const t = new Compose([new ToTensor(), new Normalize([0.5], [0.5])]);
    expect(String(t)).toBe('Compose(\n    ToTensor()\n    Normalize(mean=[0.5], std=[0.5])\n)');
  });
});
