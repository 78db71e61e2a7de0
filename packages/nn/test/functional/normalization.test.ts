import '../setup.js';
import { describe } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors, type Inputs } from './cases.js';
import { NO_FUSED } from './no-fused.js';

const { F } = nn;
const fx = loadFamily('normalization');

const impl: Record<string, (d: Inputs) => torch.Tensor | torch.Tensor[]> = {
  'batch_norm(training)': (d) => [
    F.batchNorm(d.x!, d.rm!, d.rv!, { weight: d.w, bias: d.b, training: true, momentum: 0.2, eps: 1e-3 }), d.rm!, d.rv!,
  ],
  'batch_norm(eval)': (d) => F.batchNorm(d.x!, d.rm!, d.rv!, { weight: d.w, bias: d.b, training: false }),
  layer_norm: (d) => F.layerNorm(d.x!, [4, 5], { weight: d.w, bias: d.b }),
  group_norm: (d) => F.groupNorm(d.x!, 3, { weight: d.w, bias: d.b }),
  instance_norm: (d) => F.instanceNorm(d.x!),
  normalize: (d) => F.normalize(d.x!),
  'normalize(p=1,dim=0)': (d) => F.normalize(d.x!, { p: 1, dim: 0 }),
};

describe('normalisation equals PyTorch', () => {
  runCases(fx, impl);
  runErrors(fx, {
    'layer_norm(shape)': () => F.layerNorm(torch.zeros(3, 5), [4]),
    'group_norm(groups)': () => F.groupNorm(torch.zeros(2, 6, 4), 4),
    'batch_norm(one value per channel)': () => F.batchNorm(torch.zeros(1, 3), torch.zeros(3), torch.ones(3), { training: true }),
  });
});

// Training-mode batch norm is one fused op on the CPU; the composed path runs on 'nofused'.
describe('normalisation equals PyTorch (composite path, no fused kernels)', () => {
  runCases(fx, impl, { device: NO_FUSED });
});
