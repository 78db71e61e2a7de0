// RandomHorizontalFlip draws torch.rand(1) as torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { RandomHorizontalFlip, RandomVerticalFlip, RawImage } from '@torchts/data';
import { inputs, vision } from '../helpers.js';

describe('RandomHorizontalFlip', () => {
  it('flips the same draws as torchvision after manualSeed', () => {
    torch.manualSeed(vision.randomHorizontalFlip.seed);
    const img = inputs.u8();
    const flipped = Array.from({ length: 20 }, () => new RandomHorizontalFlip()(img) !== img);
    expect(flipped).toEqual(vision.randomHorizontalFlip.flipped);
  });

  it('mirrors tensors and images', () => {
    const x = torch.tensor([[[1, 2, 3]]], { dtype: torch.uint8 });
    expect((new RandomHorizontalFlip(1)(x) as torch.Tensor).tolist()).toEqual([[[3, 2, 1]]]);
    const img = new RawImage(new Uint8Array([1, 2, 3, 4, 5, 6]), 2, 1, 3);
    expect(Array.from((new RandomHorizontalFlip(1)(img) as RawImage).data)).toEqual([4, 5, 6, 1, 2, 3]);
    expect((new RandomVerticalFlip(1)(torch.tensor([[[1], [2]]], { dtype: torch.uint8 })) as torch.Tensor).tolist()).toEqual([[[2], [1]]]);
  });
});
