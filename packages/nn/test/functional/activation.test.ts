import '../setup.js';
import { describe } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases } from './cases.js';

const { F } = nn;

describe('activations equal PyTorch (values and gradients)', () => {
  runCases(loadFamily('activation'), {
    relu: (d) => F.relu(d.x!),
    relu6: (d) => F.relu6(d.x!.mul(3)),
    'hardtanh(-0.5,0.7)': (d) => F.hardtanh(d.x!, -0.5, 0.7),
    'leaky_relu(0.2)': (d) => F.leakyRelu(d.x!, 0.2),
    'elu(0.7)': (d) => F.elu(d.x!, 0.7),
    'celu(1.3)': (d) => F.celu(d.x!, 1.3),
    selu: (d) => F.selu(d.x!),
    gelu: (d) => F.gelu(d.x!),
    "gelu(approximate='tanh')": (d) => F.gelu(d.x!, { approximate: 'tanh' }),
    silu: (d) => F.silu(d.x!),
    mish: (d) => F.mish(d.x!),
    sigmoid: (d) => F.sigmoid(d.x!),
    hardsigmoid: (d) => F.hardsigmoid(d.x!),
    hardswish: (d) => F.hardswish(d.x!),
    logsigmoid: (d) => F.logsigmoid(d.x!),
    tanh: (d) => F.tanh(d.x!),
    tanhshrink: (d) => F.tanhshrink(d.x!),
    'softplus(beta=2,threshold=3)': (d) => F.softplus(d.x!, { beta: 2, threshold: 3 }),
    softsign: (d) => F.softsign(d.x!),
    'softshrink(0.6)': (d) => F.softshrink(d.x!, 0.6),
    'hardshrink(0.6)': (d) => F.hardshrink(d.x!, 0.6),
    'threshold(0.3,-2)': (d) => F.threshold(d.x!, 0.3, -2),
    prelu: (d) => F.prelu(d.x!, d.w!),
    'glu(dim=1)': (d) => F.glu(d.x!, 1),
    'softmax(dim=1)': (d) => F.softmax(d.x!, 1),
    'softmin(dim=0)': (d) => F.softmin(d.x!, 0),
    'log_softmax(dim=1)': (d) => F.logSoftmax(d.x!, 1),
    'softmax(dim=-1,dtype=float64)': (d) => F.softmax(d.x!, -1, { dtype: torch.float64 }),
  });
});
