import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors, type Inputs } from './cases.js';
import { NO_FUSED } from './no-fused.js';

const { F } = nn;
const fx = loadFamily('conv');

const impl: Record<string, (d: Inputs) => torch.Tensor> = {
  conv2d: (d) => F.conv2d(d.x!, d.w!, d.b!),
  'conv2d(stride=2,padding=1)': (d) => F.conv2d(d.x!, d.w!, d.b!, 2, 1),
  'conv2d(dilation=2)': (d) => F.conv2d(d.x!, d.w!, null, { dilation: 2 }),
  'conv2d(groups=2)': (d) => F.conv2d(d.x!, d.w!, d.b!, { groups: 2 }),
  "conv2d(padding='same',even kernel)": (d) => F.conv2d(d.x!, d.w!, null, { padding: 'same' }),
  "conv2d(padding='valid')": (d) => F.conv2d(d.x!, d.w!, null, { padding: 'valid' }),
  'conv2d(unbatched)': (d) => F.conv2d(d.x!, d.w!),
  'conv1d(stride=2,padding=1)': (d) => F.conv1d(d.x!, d.w!, d.b!, { stride: 2, padding: 1 }),
  'conv1d(groups=3)': (d) => F.conv1d(d.x!, d.w!, null, { groups: 3 }),
  'conv_transpose2d(stride=2,padding=1,output_padding=1)': (d) =>
    F.convTranspose2d(d.x!, d.w!, d.b!, { stride: 2, padding: 1, outputPadding: 1 }),
  'conv_transpose2d(groups=2,dilation=2)': (d) => F.convTranspose2d(d.x!, d.w!, null, { groups: 2, dilation: 2 }),
  'conv_transpose1d(stride=3)': (d) => F.convTranspose1d(d.x!, d.w!, null, 3),
  unfold: (d) => F.unfold(d.x!, [2, 3], { dilation: [1, 2], padding: 1, stride: [2, 1] }),
};

describe('convolutions equal PyTorch (fused kernels)', () => {
  runCases(fx, impl, { rtol: 1e-5, atol: 1e-5 });
  test('a fused convolution is one ConvolutionBackward0 node, as in PyTorch', () => {
    const x = torch.randn(1, 1, 5, 5, { requiresGrad: true });
    expect(F.conv2d(x, torch.randn(2, 1, 3, 3)).gradFn!.name()).toBe('ConvolutionBackward0');
    expect(F.conv1d(torch.randn(1, 1, 5, { requiresGrad: true }), torch.randn(2, 1, 3)).gradFn!.name()).toBe('ConvolutionBackward0');
  });
});

describe('convolutions equal PyTorch (composite path, no fused kernels)', () => {
  runCases(fx, impl, { rtol: 1e-5, atol: 1e-5, device: NO_FUSED });
});

describe('convolution errors', () => {
  const w6 = torch.zeros(6, 1, 5, 5);
  runErrors(fx, {
    'conv2d(channels)': () => F.conv2d(torch.zeros(1, 3, 32, 32), w6),
    'conv2d(2-d input)': () => F.conv2d(torch.zeros(2, 3), w6),
    'conv2d(kernel too large)': () => F.conv2d(torch.zeros(1, 1, 4, 4), w6),
    'conv2d(dtype)': () => F.conv2d(torch.zeros(1, 1, 8, 8, { dtype: torch.float64 }), w6),
    'conv2d(bias size)': () => F.conv2d(torch.zeros(1, 1, 8, 8), w6, torch.zeros(5)),
    "conv2d(padding='same',stride=2)": () => F.conv2d(torch.zeros(1, 1, 8, 8), w6, null, { stride: 2, padding: 'same' }),
    "conv2d(padding='foo')": () => F.conv2d(torch.zeros(1, 1, 8, 8), w6, null, { padding: 'foo' as 'same' }),
    'conv2d(3-d weight)': () => F.conv2d(torch.zeros(1, 1, 8, 8), torch.zeros(6, 1, 5)),
    'conv2d(groups)': () => F.conv2d(torch.zeros(1, 4, 8, 8), torch.zeros(6, 2, 3, 3), null, { groups: 3 }),
    'conv2d(stride=0)': () => F.conv2d(torch.zeros(1, 1, 8, 8), w6, null, 0),
    'conv2d(padding=-1)': () => F.conv2d(torch.zeros(1, 1, 8, 8), w6, null, 1, -1),
  });
});
