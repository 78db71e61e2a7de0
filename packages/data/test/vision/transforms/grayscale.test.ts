// Grayscale against torchvision 0.14 (tensors) and PIL (images) (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, it } from 'vitest';
import { Grayscale } from '@torchts/data';
import { expectMatches, floats, inputs, vision } from '../helpers.js';

describe('Grayscale', () => {
  it('converts tensors as rgb_to_grayscale', () => {
    expectMatches(new Grayscale()(inputs.u8rgb()), vision.grayscale.u8rgb);
    expectMatches(new Grayscale(3)(inputs.u8rgb()), vision.grayscale.u8rgb3);
    expectMatches(new Grayscale()(floats(3, 4, 5)), vision.grayscale.f32rgb, 1e-6);
  });

  it("converts RawImages as PIL's convert('L')", () => {
    expectMatches(new Grayscale()(inputs.pilRgb()), vision.grayscale.pil);
    expectMatches(new Grayscale(3)(inputs.pilRgb()), vision.grayscale.pil3);
  });
});
