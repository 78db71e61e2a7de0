// CenterCrop against torchvision 0.14 (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, it } from 'vitest';
import { CenterCrop } from '@torchts/data';
import { expectMatches, inputs, vision, type Encoded } from '../helpers.js';

describe('CenterCrop', () => {
  it.each((vision.centerCrop as { input: 'u8' | 'f32'; size: number | number[]; out: Encoded }[]).map((c) => [`${c.input} ${JSON.stringify(c.size)}`, c] as const))(
    'crops (and pads) as torchvision: %s',
    (_, c) => expectMatches(new CenterCrop(c.size)(inputs[c.input]()), c.out),
  );
});
