import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { runLayerCases } from './cases.js';

describe('convolution layers equal PyTorch', () => {
  const impl: Record<string, { make: () => nn.Module; run: (m: any, d: Record<string, torch.Tensor>) => torch.Tensor }> = {};
  for (const mode of ['circular', 'reflect', 'replicate'] as const) {
    impl[`Conv2d(2,3,3,padding=1,padding_mode=${mode})`] = {
      make: () => new nn.Conv2d(2, 3, 3, { padding: 1, paddingMode: mode }), run: (m, d) => m(d.x),
    };
  }
  impl["Conv2d(2,3,(3,4),padding='same')"] = { make: () => new nn.Conv2d(2, 3, [3, 4], { padding: 'same' }), run: (m, d) => m(d.x) };
  impl['ConvTranspose2d(3,2,3,stride=2)(output_size=[9,10])'] = {
    make: () => new nn.ConvTranspose2d(3, 2, 3, 2), run: (m: nn.ConvTranspose2d, d) => m(d.x!, [9, 10]),
  };
  runLayerCases(impl, { atol: 1e-5 });
  test('constructor checks', () => {
    expect(() => new nn.Conv2d(3, 4, 3, { groups: 2 })).toThrow('in_channels must be divisible by groups');
    expect(() => new nn.Conv2d(2, 4, 3, { stride: 2, padding: 'same' })).toThrow("padding='same' is not supported for strided convolutions");
    expect(() => new nn.Conv2d(2, 4, 3, { paddingMode: 'mirror' as 'zeros' })).toThrow(
      "padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='mirror'",
    );
  });
});
