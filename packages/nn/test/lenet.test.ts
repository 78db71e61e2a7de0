// The blitz LeNet end to end: forward, losses and every parameter gradient equal PyTorch's
// for given weights and input, and the neural-network chapter of the blitz after manualSeed(0).
import './setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { det, expectSample, expectTensor, loadFixture, type SampleSpec, type TensorSpec } from './golden.js';
import { Net } from './models.js';
import { nn } from './nn.js';

interface LenetFixture {
  given: {
    output: TensorSpec;
    mse: number;
    mse_grads: Record<string, TensorSpec | SampleSpec>;
    ce: number;
    ce_grads: Record<string, TensorSpec | SampleSpec>;
  };
  blitz: {
    out: TensorSpec;
    conv1_bias_grad_after_random_backward: TensorSpec;
    loss: number;
    grad_fn: string[];
    conv1_bias_grad: TensorSpec;
    out_after_sgd: TensorSpec;
    loss_after_sgd: number;
  };
}

const fx = loadFixture<LenetFixture>('lenet.json');
const tol = { rtol: 1e-4, atol: 1e-6 };

function detNet(): Net {
  const net = new Net();
  torch.noGrad(() => net.namedParameters().forEach(([, p], i) => p.copy_(det([...p.shape], 10 + i, 0.1))));
  return net;
}

function expectGrads(net: Net, want: Record<string, TensorSpec | SampleSpec>): void {
  for (const [name, p] of net.namedParameters()) {
    const spec = want[name]!;
    expect(p.grad, name).not.toBeNull();
    if ('values' in spec) expectTensor(p.grad!, spec, tol, `grad ${name}`);
    else expectSample(p.grad!, spec, { rtol: 1e-4, atol: 1e-7 }, `grad ${name}`);
  }
}

describe('LeNet with given weights and input', () => {
  const x = det([4, 1, 32, 32], 1, 1.0);
  test('forward, MSE loss and every parameter gradient', () => {
    const net = detNet();
    const out = net(x);
    expectTensor(out, fx.given.output, tol, 'output');
    const loss = new nn.MSELoss()(out, det([4, 10], 2, 1.0));
    expect(loss.item()).toBeCloseTo(fx.given.mse, 5);
    loss.backward();
    expectGrads(net, fx.given.mse_grads);
  });
  test('cross-entropy loss and every parameter gradient', () => {
    const net = detNet();
    const loss = new nn.CrossEntropyLoss()(net(x), torch.tensor([3, 1, 0, 9]));
    expect(loss.item()).toBeCloseTo(fx.given.ce, 5);
    loss.backward();
    expectGrads(net, fx.given.ce_grads);
  });
});

describe('the neural-network chapter of the blitz', () => {
  test('runs with PyTorch\'s results', () => {
    torch.manualSeed(0);
    const net = new Net();
    const input = torch.randn(1, 1, 32, 32);
    const out = net(input);
    expectTensor(out, fx.blitz.out, tol, 'out');
    net.zeroGrad();
    out.backward(torch.randn(1, 10));
    expectTensor(net.conv1.bias!.grad!, fx.blitz.conv1_bias_grad_after_random_backward, tol, 'conv1.bias.grad');

    const output = net(input);
    const target = torch.randn(10).view(1, -1);
    const criterion = new nn.MSELoss();
    const loss = criterion(output, target);
    expect(loss.item()).toBeCloseTo(fx.blitz.loss, 5);
    const fn = loss.gradFn!;
    expect([fn.name(), fn.nextFunctions[0]![0]!.name(), fn.nextFunctions[0]![0]!.nextFunctions[0]![0]!.name()])
      .toEqual(fx.blitz.grad_fn);

    net.zeroGrad();
    expect(net.conv1.bias!.grad).toBeNull();
    loss.backward();
    expectTensor(net.conv1.bias!.grad!, fx.blitz.conv1_bias_grad, tol, 'conv1.bias.grad');

    const learningRate = 0.01;
    for (const f of net.parameters()) f.data.sub_(f.grad!.data.mul(learningRate));
    expectTensor(net(input), fx.blitz.out_after_sgd, tol, 'out after SGD');
    expect(criterion(net(input), target).item()).toBeCloseTo(fx.blitz.loss_after_sgd, 5);
  });
});
