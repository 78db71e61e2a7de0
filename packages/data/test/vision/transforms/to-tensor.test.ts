// ToTensor / PILToTensor against torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { PILToTensor, RawImageToTensor, ToTensor } from '@torchts/data';
import { expectMatches, inputs, vision } from '../helpers.js';

describe('ToTensor', () => {
  it('turns gray and RGB images into float CHW / 255 exactly as torchvision', () => {
    expectMatches(new ToTensor()(inputs.pilL()), vision.toTensor.gray);
    expectMatches(new ToTensor()(inputs.pilRgb()), vision.toTensor.rgb);
  });

  it('refuses tensors', () => {
    expect(() => new ToTensor()(torch.zeros(1, 2, 2) as never)).toThrow('pic should be a RawImage');
  });
});

describe('PILToTensor', () => {
  it('turns an RGB image into uint8 CHW', () => {
    expectMatches(new PILToTensor()(inputs.pilRgb()), vision.toTensor.pilToTensor);
    expect(RawImageToTensor).toBe(PILToTensor);
  });
});
