// RandomCrop draws and crops as torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { Pad, RandomCrop } from '@torchts/data';
import { expectMatches, inputs, vision } from '../helpers.js';

describe('RandomCrop', () => {
  it('draws the same windows as torchvision after manualSeed', () => {
    const c = vision.randomCrop;
    torch.manualSeed(c.seed);
    const padded = new Pad(c.padding)(inputs.u8());
    expect(Array.from({ length: 4 }, () => RandomCrop.getParams(padded, c.size))).toEqual(c.params);
    torch.manualSeed(c.seed);
    const t = new RandomCrop(c.size, { padding: c.padding });
    for (const want of c.outs) expectMatches(t(inputs.u8()), want);
  });

  it('pads when needed and refuses crops larger than the image', () => {
    const out = new RandomCrop([12, 13], { padIfNeeded: true })(inputs.u8()) as torch.Tensor;
    expect(out.shape).toEqual([1, 12, 13]);
    expect(() => new RandomCrop(20)(inputs.u8())).toThrow('Required crop size (20, 20) is larger then input image size (9, 11)');
  });
});
