// Pad against torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { Pad } from '@torchts/data';
import { expectMatches, inputs, vision, type Encoded } from '../helpers.js';

interface Case { input: 'u8' | 'f32'; padding: number | number[]; mode: 'constant' | 'edge' | 'reflect' | 'symmetric'; fill: number; out: Encoded }

describe('Pad', () => {
  it.each((vision.pad as Case[]).map((c) => [`${c.input} ${c.mode} ${JSON.stringify(c.padding)}`, c] as const))(
    'pads as torchvision: %s',
    (_, c) => expectMatches(new Pad(c.padding, { fill: c.fill, paddingMode: c.mode })(inputs[c.input]()), c.out),
  );

  it('pads float16 and bfloat16 tensors through float32, keeping their dtype', () => {
    const x = inputs.f32() as torch.Tensor;
    const want = new Pad([1, 2], { fill: 0.1, paddingMode: 'constant' })(x) as torch.Tensor;
    for (const dtype of [torch.float16, torch.bfloat16]) {
      const got = new Pad([1, 2], { fill: 0.1, paddingMode: 'constant' })(x.to(dtype)) as torch.Tensor;
      expect(got.dtype).toBe(dtype);
      expect(got.tolist()).toEqual(want.to(dtype).tolist());
    }
  });

  it('pads RawImages as PIL', () => {
    expectMatches(new Pad([1, 2], { fill: 9 })(inputs.pilRgb()), vision.padImage);
  });
});
