import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';
import { loadFamily, runCases, runErrors } from './cases.js';

const { F } = nn;
const fx = loadFamily('loss');

describe('losses equal PyTorch (values and gradients)', () => {
  runCases(fx, {
    'mse_loss(mean)': (d) => F.mseLoss(d.input!, d.target!),
    'mse_loss(sum)': (d) => F.mseLoss(d.input!, d.target!, 'sum'),
    'mse_loss(none)': (d) => F.mseLoss(d.input!, d.target!, { reduction: 'none' }),
    l1_loss: (d) => F.l1Loss(d.input!, d.target!),
    'smooth_l1_loss(beta=0.5)': (d) => F.smoothL1Loss(d.input!, d.target!, { beta: 0.5 }),
    'huber_loss(delta=0.7,sum)': (d) => F.huberLoss(d.input!, d.target!, { delta: 0.7, reduction: 'sum' }),
    nll_loss: (d) => F.nllLoss(F.logSoftmax(d.input!, 1), d.target!),
    'nll_loss(weight)': (d) => F.nllLoss(d.input!, d.target!, { weight: d.w }),
    'nll_loss(ignore_index=2)': (d) => F.nllLoss(d.input!, d.target!, { ignoreIndex: 2 }),
    'nll_loss(none)': (d) => F.nllLoss(d.input!, d.target!, { reduction: 'none' }),
    'nll_loss(spatial)': (d) => F.nllLoss(d.input!, d.target!),
    'nll_loss(unbatched)': (d) => F.nllLoss(d.input!, d.target!),
    cross_entropy: (d) => F.crossEntropy(d.input!, d.target!),
    'cross_entropy(weight,ignore_index=0)': (d) => F.crossEntropy(d.input!, d.target!, { weight: d.w, ignoreIndex: 0 }),
    'cross_entropy(label_smoothing=0.1)': (d) => F.crossEntropy(d.input!, d.target!, { labelSmoothing: 0.1 }),
    'cross_entropy(label_smoothing=0.2,weight,sum)': (d) =>
      F.crossEntropy(d.input!, d.target!, { weight: d.w, labelSmoothing: 0.2, reduction: 'sum' }),
    'cross_entropy(label_smoothing=0.2,weight,ignore_index=4)': (d) =>
      F.crossEntropy(d.input!, d.target!, { weight: d.w, labelSmoothing: 0.2, ignoreIndex: 4 }),
    'cross_entropy(probabilities)': (d) => F.crossEntropy(d.input!, d.target!),
    'cross_entropy(probabilities,weight,label_smoothing=0.3,none)': (d) =>
      F.crossEntropy(d.input!, d.target!, { weight: d.w, labelSmoothing: 0.3, reduction: 'none' }),
    'cross_entropy(spatial)': (d) => F.crossEntropy(d.input!, d.target!),
    binary_cross_entropy: (d) => F.binaryCrossEntropy(d.input!, d.target!),
    'binary_cross_entropy(weight,sum)': (d) => F.binaryCrossEntropy(d.input!, d.target!, { weight: d.w, reduction: 'sum' }),
    binary_cross_entropy_with_logits: (d) => F.binaryCrossEntropyWithLogits(d.input!, d.target!),
    'binary_cross_entropy_with_logits(pos_weight,weight)': (d) =>
      F.binaryCrossEntropyWithLogits(d.input!, d.target!, { posWeight: d.pw, weight: d.w }),
    'kl_div(batchmean)': (d) => F.klDiv(d.input!, d.target!, { reduction: 'batchmean' }),
    'kl_div(log_target,sum)': (d) => F.klDiv(d.input!, d.target!, { reduction: 'sum', logTarget: true }),
  });
  const idx = (v: number[]): torch.Tensor => torch.tensor(v);
  runErrors(fx, {
    'cross_entropy(target out of bounds)': () => F.crossEntropy(torch.zeros(3, 4), idx([0, 1, 4])),
    'cross_entropy(batch size)': () => F.crossEntropy(torch.zeros(3, 4), idx([0, 1])),
    'cross_entropy(label_smoothing=1.5)': () => F.crossEntropy(torch.zeros(3, 4), idx([0, 1, 2]), { labelSmoothing: 1.5 }),
    'cross_entropy(long probabilities)': () => F.crossEntropy(torch.zeros(3, 4), torch.zeros([3, 4], { dtype: torch.int64 })),
    'nll_loss(float target)': () => F.nllLoss(torch.zeros(3, 4), torch.zeros(3)),
    'nll_loss(weight size)': () => F.nllLoss(torch.zeros(3, 4), idx([0, 1, 2]), { weight: torch.ones(3) }),
    'nll_loss(spatial target)': () => F.nllLoss(torch.zeros(2, 4, 5), torch.zeros([2, 4], { dtype: torch.int64 })),
    'nll_loss(0-d input)': () => F.nllLoss(torch.tensor(1.5), torch.tensor(1)),
    'nll_loss(negative target)': () => F.nllLoss(torch.zeros(3, 4), idx([0, -1, 2])),
    'nll_loss(unbatched size)': () => F.nllLoss(torch.zeros(4), idx([1])),
    'binary_cross_entropy(size)': () => F.binaryCrossEntropy(torch.rand(3), torch.rand(3, 1)),
    'binary_cross_entropy(range)': () => F.binaryCrossEntropy(torch.rand(3).add(1), torch.rand(3)),
    'binary_cross_entropy_with_logits(size)': () => F.binaryCrossEntropyWithLogits(torch.rand(3), torch.rand(3, 1)),
    'mse_loss(reduction=foo)': () => F.mseLoss(torch.rand(3), torch.rand(3), 'foo' as 'sum'),
  });
  test('gradFn chains as PyTorch: MseLossBackward0, NllLossBackward0 after LogSoftmaxBackward0', () => {
    const x = torch.randn(3, 4, { requiresGrad: true });
    expect(F.mseLoss(x, torch.randn(3, 4)).gradFn!.name()).toBe('MseLossBackward0');
    const ce = F.crossEntropy(x, torch.tensor([0, 1, 2]));
    expect(ce.gradFn!.name()).toBe('NllLossBackward0');
    expect(ce.gradFn!.nextFunctions[0]![0]!.name()).toBe('LogSoftmaxBackward0');
  });
});
