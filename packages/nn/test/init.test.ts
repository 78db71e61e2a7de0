import './setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { expectError, expectSample, expectTensor, loadFixture, type ErrorSpec, type SampleSpec, type TensorSpec } from './golden.js';
import { Net } from './models.js';
import { nn } from './nn.js';

interface InitFixture {
  lenet: Record<string, TensorSpec | SampleSpec>;
  layers: Record<string, Record<string, TensorSpec>>;
  funcs: Record<string, TensorSpec>;
  gains: Record<string, number>;
  errors: Record<string, ErrorSpec>;
}

const fx = loadFixture<InitFixture>('init.json');
const { init } = nn;

describe('seeded weights equal PyTorch', () => {
  test('the blitz LeNet after torch.manualSeed(0)', () => {
    torch.manualSeed(0);
    const sd = new Net().stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(fx.lenet));
    for (const [k, spec] of Object.entries(fx.lenet)) {
      if ('values' in spec) expectTensor(sd[k]!, spec, {}, k);
      else expectSample(sd[k]!, spec, { rtol: 1e-12 }, k);
    }
  });

  const LAYERS: Record<string, () => nn.Module> = {
    'Linear(5,3)': () => new nn.Linear(5, 3),
    'Bilinear(3,4,2)': () => new nn.Bilinear(3, 4, 2),
    'Conv2d(2,4,3)': () => new nn.Conv2d(2, 4, 3),
    'Conv1d(2,3,2)': () => new nn.Conv1d(2, 3, 2),
    'Conv2d(4,4,3,groups=2,bias=False)': () => new nn.Conv2d(4, 4, 3, { groups: 2, bias: false }),
    'ConvTranspose2d(3,2,3)': () => new nn.ConvTranspose2d(3, 2, 3),
    'ConvTranspose1d(2,4,3,groups=2)': () => new nn.ConvTranspose1d(2, 4, 3, { groups: 2 }),
    'Embedding(6,3,padding_idx=1)': () => new nn.Embedding(6, 3, { paddingIdx: 1 }),
    'RNN(3,4,num_layers=2,bidirectional=True)': () => new nn.RNN(3, 4, { numLayers: 2, bidirectional: true }),
    'LSTM(3,4)': () => new nn.LSTM(3, 4),
    'GRU(3,4)': () => new nn.GRU(3, 4),
    'RNNCell(3,4)': () => new nn.RNNCell(3, 4),
    'LSTMCell(3,4)': () => new nn.LSTMCell(3, 4),
    'GRUCell(3,4)': () => new nn.GRUCell(3, 4),
    'BatchNorm2d(3)': () => new nn.BatchNorm2d(3),
    'LayerNorm(4)': () => new nn.LayerNorm(4),
    'GroupNorm(2,4)': () => new nn.GroupNorm(2, 4),
    'PReLU(3)': () => new nn.PReLU(3),
  };
  test('every layer with parameters has a golden', () => {
    expect(Object.keys(LAYERS).sort()).toEqual(Object.keys(fx.layers).sort());
  });
  for (const [name, make] of Object.entries(LAYERS)) {
    test(`${name} after torch.manualSeed(1)`, () => {
      torch.manualSeed(1);
      const sd = make().stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(fx.layers[name]!));
      for (const [k, spec] of Object.entries(fx.layers[name]!)) expectTensor(sd[k]!, spec, {}, `${name} ${k}`);
    });
  }
});

describe('nn.init after torch.manualSeed(2)', () => {
  const e = (...shape: number[]): torch.Tensor => torch.empty(shape);
  const FUNCS: Record<string, [() => torch.Tensor, number]> = {
    'uniform_([4,5],-0.5,2)': [() => init.uniform_(e(4, 5), -0.5, 2), 0],
    'normal_([4,5],1,0.5)': [() => init.normal_(e(4, 5), 1, 0.5), 0],
    'normal_([3])': [() => init.normal_(e(3)), 0],
    'xavier_uniform_([4,5],gain=2)': [() => init.xavierUniform_(e(4, 5), 2), 0],
    'xavier_normal_([3,4,2,2])': [() => init.xavierNormal_(e(3, 4, 2, 2)), 0],
    'kaiming_uniform_([6,3,3,3])': [() => init.kaimingUniform_(e(6, 3, 3, 3)), 0],
    "kaiming_uniform_([6,3],mode='fan_out',nonlinearity='relu')": [
      () => init.kaimingUniform_(e(6, 3), { mode: 'fan_out', nonlinearity: 'relu' }), 0],
    'kaiming_normal_([5,4])': [() => init.kaimingNormal_(e(5, 4)), 0],
    "kaiming_normal_([5,4],a=0.1,mode='fan_out')": [() => init.kaimingNormal_(e(5, 4), 0.1, 'fan_out'), 0],
    // PyTorch's QR runs in float32 (LAPACK); ours in float64: equal to rounding.
    'orthogonal_([3,5])': [() => init.orthogonal_(e(3, 5)), 1e-5],
    'orthogonal_([5,3])': [() => init.orthogonal_(e(5, 3)), 1e-5],
    'orthogonal_([2,3,2],gain=2)': [() => init.orthogonal_(e(2, 3, 2), 2), 1e-5],
    // erfinv in float64 here, float32 in PyTorch.
    'trunc_normal_([4,5],0.5,2,-1,3)': [() => init.truncNormal_(e(4, 5), 0.5, 2, -1, 3), 1e-6],
    'eye_([3,4])': [() => init.eye_(e(3, 4)), 0],
    'dirac_([4,2,3,3],groups=2)': [() => init.dirac_(e(4, 2, 3, 3), 2), 0],
    'dirac_([2,2,3])': [() => init.dirac_(e(2, 2, 3)), 0],
    'sparse_([5,4],0.4)': [() => init.sparse_(e(5, 4), 0.4), 0],
    'constant_([2,2],0.3)': [() => init.constant_(e(2, 2), 0.3), 0],
    'ones_([2,3])': [() => init.ones_(e(2, 3)), 0],
    'zeros_([2,3])': [() => init.zeros_(e(2, 3)), 0],
  };
  test('every function has a golden', () => {
    expect(Object.keys(FUNCS).sort()).toEqual(Object.keys(fx.funcs).sort());
  });
  for (const [name, [f, atol]] of Object.entries(FUNCS)) {
    test(name, () => {
      torch.manualSeed(2);
      expectTensor(f(), fx.funcs[name]!, { atol }, name);
    });
  }
  test('calculateGain', () => {
    for (const [k, v] of Object.entries(fx.gains)) {
      const [name, param] = k.split(',') as [nn.init.Nonlinearity, string | undefined];
      const p = param === undefined ? undefined : param === 'sqrt(5)' ? Math.sqrt(5) : Number(param);
      expect(init.calculateGain(name, p)).toBe(v);
    }
  });
  test('errors', () => {
    expectError(() => init.calculateGain('foo' as nn.init.Nonlinearity), fx.errors['calculate_gain(foo)']!);
    expectError(() => init.xavierUniform_(e(3)), fx.errors['xavier_uniform_([3])']!);
    expectError(() => init.kaimingUniform_(e(3, 3), { mode: 'fan_foo' as 'fan_in' }), fx.errors["kaiming_uniform_(mode='fan_foo')"]!);
    expectError(() => init.eye_(e(2, 2, 2)), fx.errors['eye_([2,2,2])']!);
    expectError(() => init.dirac_(e(2, 2)), fx.errors['dirac_([2,2])']!);
    expectError(() => init.orthogonal_(e(3)), fx.errors['orthogonal_([3])']!);
  });
  test('init functions do not record autograd history on parameters', () => {
    const p = new nn.Parameter(torch.empty(3, 3));
    init.kaimingUniform_(p, Math.sqrt(5));
    expect(p.gradFn).toBeNull();
    expect(p.isLeaf).toBe(true);
  });
});
