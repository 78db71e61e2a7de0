// ConvertImageDtype against torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { ConvertImageDtype } from '@torchts/data';
import { expectMatches, inputs, vision } from '../helpers.js';

describe('ConvertImageDtype', () => {
  it('rescales uint8 <-> float32 as torchvision', () => {
    expectMatches(new ConvertImageDtype(torch.float32)(inputs.u8rgb()), vision.convertImageDtype.toFloat);
    expectMatches(new ConvertImageDtype('uint8')(torch.sigmoid(inputs.f32())), vision.convertImageDtype.toUint8, 0, 2);
  });

  it('refuses unsafe casts', () => {
    expect(() => new ConvertImageDtype(torch.int64)(torch.zeros(1, 2, 2))).toThrow('cannot be performed safely');
  });
});
