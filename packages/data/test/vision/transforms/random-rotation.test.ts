// RandomRotation: angles drawn as torchvision 0.14, tensor rotation as its affine grid +
// grid_sample (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { RandomRotation } from '@torchts/data';
import { expectMatches, inputs, vision } from '../helpers.js';

describe('RandomRotation', () => {
  const c = vision.randomRotation;

  it('draws the same angles as torchvision after manualSeed', () => {
    torch.manualSeed(c.seed);
    const angles = Array.from({ length: 5 }, () => RandomRotation.getParams([-30, 30]));
    expect(angles).toEqual(c.angles);
  });

  it('rotates uint8 images (nearest) as torchvision', () => {
    torch.manualSeed(c.seed);
    const t = new RandomRotation(30);
    // nearest sampling: a pixel may land on the other side of a rounding tie
    for (const want of c.u8) expectMatches(t(inputs.u8()), want, 0, 2);
  });

  it('rotates float images (bilinear) as torchvision', () => {
    torch.manualSeed(c.seed);
    const t = new RandomRotation(30, { interpolation: 'bilinear' });
    for (const want of c.f32Bilinear) expectMatches(t(inputs.f32()), want, 1e-5);
  });

  it('expands the canvas and fills outside pixels', () => {
    torch.manualSeed(c.expandSeed);
    const t = new RandomRotation(45, { expand: true, fill: 5 });
    for (const want of c.expandFill5) expectMatches(t(inputs.u8rgb()), want, 0, 3);
  });
});
