// Pad against torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, it } from 'vitest';
import { Pad } from '@torchts/data';
import { expectMatches, inputs, vision, type Encoded } from '../helpers.js';

interface Case { input: 'u8' | 'f32'; padding: number | number[]; mode: 'constant' | 'edge' | 'reflect' | 'symmetric'; fill: number; out: Encoded }

describe('Pad', () => {
  it.each((vision.pad as Case[]).map((c) => [`${c.input} ${c.mode} ${JSON.stringify(c.padding)}`, c] as const))(
    'pads as torchvision: %s',
    (_, c) => expectMatches(new Pad(c.padding, { fill: c.fill, paddingMode: c.mode })(inputs[c.input]()), c.out),
  );

  it('pads RawImages as PIL', () => {
    expectMatches(new Pad([1, 2], { fill: 9 })(inputs.pilRgb()), vision.padImage);
  });
});
