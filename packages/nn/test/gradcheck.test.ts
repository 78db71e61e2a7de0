// gradcheck (finite differences in float64, @torchts/autograd) for every layer and loss:
// gradients with respect to the inputs and to every parameter.
import './setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { autograd } from '@torchts/autograd';
import { nn } from './nn.js';

const { F } = nn;
const f64 = { dtype: torch.float64 };

function rnd(...shape: number[]): torch.Tensor {
  return torch.randn(shape, f64).requiresGrad_(true);
}

/**
 * gradcheck of a module at `inputs`, with respect to the float inputs and every parameter
 * (the parameters are swapped for the perturbed tensors gradcheck passes).
 */
function checkModule(m: nn.Module, inputs: unknown[], out: (r: any) => torch.Tensor[] = (r) => (Array.isArray(r) ? r.flat() : [r])): void {
  m.double();
  const named = m.namedParameters();
  const n = inputs.length;
  const fn = (...args: unknown[]): torch.Tensor[] => {
    const saved = named.map(([path], i) => {
      const dot = path.lastIndexOf('.');
      const owner = (dot < 0 ? m : m.getSubmodule(path.slice(0, dot))) as unknown as Record<string, unknown>;
      const key = path.slice(dot + 1);
      const old = owner[key];
      owner[key] = args[n + i];
      return () => (owner[key] = old);
    });
    try {
      return out(m(...args.slice(0, n)));
    } finally {
      saved.forEach((restore) => restore());
    }
  };
  const params = named.map(([, p]) => p.detach().clone().requiresGrad_(true));
  expect(autograd.gradcheck(fn, [...inputs, ...params])).toBe(true);
}

describe('gradcheck: layers (inputs and parameters)', () => {
  torch.manualSeed(0);
  const cases: [string, () => nn.Module, () => unknown[]][] = [
    ['Linear', () => new nn.Linear(3, 2), () => [rnd(2, 3)]],
    ['Bilinear', () => new nn.Bilinear(2, 3, 2), () => [rnd(2, 2), rnd(2, 3)]],
    ['Conv1d', () => new nn.Conv1d(2, 2, 2, { stride: 2, padding: 1 }), () => [rnd(1, 2, 5)]],
    ['Conv2d', () => new nn.Conv2d(2, 2, [2, 3], { stride: [1, 2], padding: 1 }), () => [rnd(1, 2, 4, 5)]],
    ['Conv2d(groups, dilation)', () => new nn.Conv2d(2, 4, 2, { groups: 2, dilation: 2 }), () => [rnd(1, 2, 5, 5)]],
    ['Conv2d(reflect)', () => new nn.Conv2d(1, 2, 3, { padding: 1, paddingMode: 'reflect' }), () => [rnd(1, 1, 4, 4)]],
    ['ConvTranspose2d', () => new nn.ConvTranspose2d(2, 2, 3, { stride: 2, padding: 1, outputPadding: 1 }), () => [rnd(1, 2, 3, 3)]],
    ['ConvTranspose1d', () => new nn.ConvTranspose1d(2, 2, 2, { stride: 2, groups: 2 }), () => [rnd(1, 2, 4)]],
    ['MaxPool2d', () => new nn.MaxPool2d(2, { stride: 1, padding: 1 }), () => [rnd(1, 2, 4, 4)]],
    ['MaxPool1d', () => new nn.MaxPool1d(3, 2), () => [rnd(1, 2, 7)]],
    ['AvgPool2d', () => new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }), () => [rnd(1, 2, 5, 5)]],
    ['AdaptiveAvgPool2d', () => new nn.AdaptiveAvgPool2d([2, 3]), () => [rnd(1, 2, 5, 4)]],
    ['BatchNorm2d (training)', () => new nn.BatchNorm2d(2), () => [rnd(3, 2, 2, 2)]],
    ['BatchNorm1d (eval)', () => new nn.BatchNorm1d(3).eval(), () => [rnd(4, 3)]],
    ['LayerNorm', () => new nn.LayerNorm([2, 3]), () => [rnd(2, 2, 3)]],
    ['GroupNorm', () => new nn.GroupNorm(2, 4), () => [rnd(2, 4, 3)]],
    // (with paddingIdx the padding row gets no gradient on purpose, as in PyTorch; its golden covers that)
    ['Embedding', () => new nn.Embedding(5, 3), () => [torch.tensor([[0, 1], [4, 1]])]],
    ['RNN', () => new nn.RNN(2, 3, { numLayers: 2, bidirectional: true }), () => [rnd(3, 1, 2)]],
    ['LSTM', () => new nn.LSTM(2, 2, { batchFirst: true }), () => [rnd(1, 3, 2)]],
    ['GRU', () => new nn.GRU(2, 2), () => [rnd(3, 2, 2)]],
    ['LSTMCell', () => new nn.LSTMCell(2, 3), () => [rnd(2, 2)]],
    ['PReLU', () => new nn.PReLU(2), () => [rnd(3, 2, 2)]],
    ['Sequential', () => new nn.Sequential(new nn.Linear(3, 4), new nn.Tanh(), new nn.Linear(4, 2)), () => [rnd(2, 3)]],
  ];
  for (const [name, make, inputs] of cases) {
    test(name, () => {
      const m = make();
      checkModule(m, inputs(), (r) => {
        const flat = (v: unknown): torch.Tensor[] => (Array.isArray(v) ? v.flatMap(flat) : [v as torch.Tensor]);
        return flat(r);
      });
    });
  }
});

describe('gradcheck: activations', () => {
  const x = (): torch.Tensor => torch.randn([3, 4], f64).mul(2).requiresGrad_(true);
  const layers: [string, () => nn.Module][] = [
    ['ReLU', () => new nn.ReLU()], ['ReLU6', () => new nn.ReLU6()], ['LeakyReLU', () => new nn.LeakyReLU(0.1)],
    ['ELU', () => new nn.ELU(0.7)], ['CELU', () => new nn.CELU(1.2)], ['SELU', () => new nn.SELU()],
    ['GELU', () => new nn.GELU()], ['GELU(tanh)', () => new nn.GELU('tanh')], ['SiLU', () => new nn.SiLU()],
    ['Mish', () => new nn.Mish()], ['Sigmoid', () => new nn.Sigmoid()], ['LogSigmoid', () => new nn.LogSigmoid()],
    ['Tanh', () => new nn.Tanh()], ['Hardtanh', () => new nn.Hardtanh(-0.5, 0.5)], ['Softplus', () => new nn.Softplus(2, 1)],
    ['Softsign', () => new nn.Softsign()], ['Softshrink', () => new nn.Softshrink(0.3)], ['Hardshrink', () => new nn.Hardshrink(0.3)],
    ['Tanhshrink', () => new nn.Tanhshrink()], ['Threshold', () => new nn.Threshold(0.2, -1)], ['GLU', () => new nn.GLU()],
    ['Hardsigmoid', () => new nn.Hardsigmoid()], ['Hardswish', () => new nn.Hardswish()],
    ['Softmax', () => new nn.Softmax(1)], ['Softmin', () => new nn.Softmin(0)], ['LogSoftmax', () => new nn.LogSoftmax(1)],
  ];
  for (const [name, make] of layers) test(name, () => checkModule(make(), [x()]));
});

describe('gradcheck: losses (input and target where differentiable)', () => {
  torch.manualSeed(1);
  const inp = (): torch.Tensor => rnd(3, 4);
  const probs = (): torch.Tensor => torch.rand([3, 4], f64).mul(0.8).add(0.1).requiresGrad_(true);
  const labels = torch.tensor([1, 0, 3]);
  const cases: [string, () => nn.Module, () => unknown[]][] = [
    ['MSELoss', () => new nn.MSELoss(), () => [inp(), inp()]],
    ['MSELoss(sum)', () => new nn.MSELoss('sum'), () => [inp(), inp()]],
    ['L1Loss', () => new nn.L1Loss(), () => [inp(), inp()]],
    ['SmoothL1Loss', () => new nn.SmoothL1Loss({ beta: 0.5 }), () => [inp(), inp()]],
    ['HuberLoss', () => new nn.HuberLoss({ delta: 0.8 }), () => [inp(), inp()]],
    ['CrossEntropyLoss', () => new nn.CrossEntropyLoss(), () => [inp(), labels]],
    ['CrossEntropyLoss(weight, smoothing, ignore)', () =>
      new nn.CrossEntropyLoss({ weight: torch.tensor([1, 2, 0.5, 1], f64), labelSmoothing: 0.2, ignoreIndex: 0 }),
    () => [inp(), labels]],
    ['CrossEntropyLoss(probabilities)', () => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }), () => [inp(), probs()]],
    ['NLLLoss(none)', () => new nn.NLLLoss({ reduction: 'none' }), () => [inp(), labels]],
    ['BCELoss', () => new nn.BCELoss(), () => [probs(), torch.rand([3, 4], f64)]],
    ['BCEWithLogitsLoss', () => new nn.BCEWithLogitsLoss({ posWeight: torch.tensor([1, 2, 3, 0.5], f64) }), () => [inp(), probs()]],
    ['KLDivLoss', () => new nn.KLDivLoss({ reduction: 'batchmean' }), () => [inp(), probs()]],
  ];
  for (const [name, make, inputs] of cases) test(name, () => checkModule(make(), inputs()));
});

describe('gradcheck: functional ops without a layer', () => {
  test('pad (every mode)', () => {
    const x = rnd(1, 2, 3, 4);
    for (const mode of ['constant', 'reflect', 'replicate', 'circular'] as const) {
      expect(autograd.gradcheck((t: torch.Tensor) => F.pad(t, [1, 2, 2, 1], mode), [x])).toBe(true);
    }
  });
  test('interpolate (bilinear, nearest)', () => {
    const x = rnd(1, 2, 3, 3);
    expect(autograd.gradcheck((t: torch.Tensor) => F.interpolate(t, { size: [5, 4], mode: 'bilinear' }), [x])).toBe(true);
    expect(autograd.gradcheck((t: torch.Tensor) => F.interpolate(t, { scaleFactor: 2 }), [x])).toBe(true);
  });
  test('unfold, normalize, dropout (fixed seed)', () => {
    const x = rnd(1, 2, 4, 4);
    expect(autograd.gradcheck((t: torch.Tensor) => F.unfold(t, 2, { stride: 2 }), [x])).toBe(true);
    expect(autograd.gradcheck((t: torch.Tensor) => F.normalize(t, { dim: 1 }), [x])).toBe(true);
    expect(autograd.gradcheck((t: torch.Tensor) => {
      torch.manualSeed(3);
      return F.dropout(t, 0.4);
    }, [x])).toBe(true);
  });
});
