// Resize against torchvision 0.14's tensor path (fixtures/vision/gen_vision.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import { Resize, RawImage } from '@torchts/data';
import { expectMatches, inputs, vision, type Encoded } from '../helpers.js';

interface Case { input: 'u8' | 'u8rgb' | 'f32'; size: number | number[]; interpolation: 'bilinear' | 'nearest'; out: Encoded }

describe('Resize', () => {
  it.each((vision.resize as Case[]).map((c) => [`${c.input} to ${JSON.stringify(c.size)} ${c.interpolation}`, c] as const))(
    'matches torchvision: %s',
    (_, c) => {
      const out = new Resize(c.size, { interpolation: c.interpolation })(inputs[c.input]());
      // float32 bilinear: within a few ulps; uint8: exact
      expectMatches(out, c.out, c.input === 'f32' ? 2e-6 : 0);
    },
  );

  it('resizes RawImages with the same algorithm', () => {
    const img = inputs.pilRgb();
    const out = new Resize([13, 17])(img) as RawImage;
    expect([out.mode, out.size]).toEqual(['RGB', [17, 13]]);
    const want = (vision.resize as Case[]).find((c) => c.input === 'u8rgb' && JSON.stringify(c.size) === '[13,17]' && c.interpolation === 'bilinear')!;
    // CHW tensor values vs HWC image bytes
    const [c, h, w] = want.out.shape!;
    for (let k = 0; k < c!; k++) for (let i = 0; i < h! * w!; i++) expect(out.data[i * c! + k]).toBe(want.out.values[k * h! * w! + i]);
  });

  it('rejects antialias and prints as torchvision', () => {
    expect(() => new Resize(4, { antialias: true })).toThrow('antialias=true is not implemented');
    expect(String(new Resize(32))).toBe('Resize(size=32, interpolation=bilinear, max_size=None, antialias=None)');
  });
});
