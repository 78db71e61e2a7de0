import './setup.js';
import { test } from 'vitest';
import * as torch from '@torchts/core';
import { Module, Conv2d, Linear, F, MSELoss } from '@torchts/nn';

class Net extends Module {
  conv1 = new Conv2d(1, 6, 5);
  conv2 = new Conv2d(6, 16, 5);
  fc1 = new Linear(16 * 5 * 5, 120);
  fc2 = new Linear(120, 84);
  fc3 = new Linear(84, 10);
  override forward(x: torch.Tensor) {
    x = F.maxPool2d(F.relu(this.conv1(x)), [2, 2]);
    x = F.maxPool2d(F.relu(this.conv2(x)), 2);
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}
test('smoke', () => {
  torch.manualSeed(0);
  const net = new Net();
  console.log(String(net));
  console.log(net.conv1.bias);
  const input = torch.randn(1, 1, 32, 32);
  const out = net(input);
  console.log(out);
  net.zeroGrad();
  out.backward(torch.randn(1, 10));
  const output = net(input);
  const target = torch.randn(10).view(1, -1);
  const loss = new MSELoss()(output, target);
  console.log(loss, loss.gradFn, loss.gradFn!.nextFunctions[0]![0], loss.gradFn!.nextFunctions[0]![0]!.nextFunctions[0]![0]);
  net.zeroGrad();
  console.log(net.conv1.bias.grad);
  loss.backward();
  console.log(net.conv1.bias.grad);
});
