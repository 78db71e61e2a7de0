/**
 * Chapter 3 of the blitz, "Neural networks": define LeNet, look at its parameters, run it,
 * compute a loss, follow gradFn, backpropagate, and update weights by hand and with optim.SGD.
 */
import * as torch from 'torchts';

const { nn, F, optim } = torch;

/** The tutorial's LeNet for 1x32x32 inputs. */
export class Net extends nn.Module {
  // 1 input channel, 6 output channels, 5x5 convolution; then 6 -> 16.
  conv1 = new nn.Conv2d(1, 6, 5);
  conv2 = new nn.Conv2d(6, 16, 5);
  // y = Wx + b
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  override forward(x: torch.Tensor): torch.Tensor {
    x = F.maxPool2d(F.relu(this.conv1(x)), [2, 2]);
    x = F.maxPool2d(F.relu(this.conv2(x)), 2);
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}

export function nnChapter(): void {
  torch.manualSeed(0);
  const net = new Net();
  console.log(net);

  const params = [...net.parameters()];
  console.log(params.length);
  console.log(params[0]!.size()); // conv1's weight

  const input = torch.randn(1, 1, 32, 32);
  let out = net(input);
  console.log(out);

  net.zeroGrad();
  out.backward(torch.randn(1, 10));

  // Loss function.
  const output = net(input);
  const target = torch.randn(10).view(1, -1);
  const criterion = new nn.MSELoss();
  const loss = criterion(output, target);
  console.log(loss);

  // Following the graph backwards: MSELoss -> Linear -> ReLU.
  console.log(loss.gradFn); // MseLossBackward0
  console.log(loss.gradFn!.nextFunctions[0]![0]); // AddmmBackward0
  console.log(loss.gradFn!.nextFunctions[0]![0]!.nextFunctions[0]![0]); // AccumulateGrad

  // Backprop.
  net.zeroGrad();
  console.log('conv1.bias.grad before backward');
  console.log(net.conv1.bias!.grad);
  loss.backward();
  console.log('conv1.bias.grad after backward');
  console.log(net.conv1.bias!.grad);

  // Updating the weights by hand: weight = weight - learning_rate * gradient.
  const learningRate = 0.01;
  for (const f of net.parameters()) f.data.sub_(f.grad!.data.mul(learningRate));

  // ... and with an optimizer.
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.01 });
  optimizer.zeroGrad();
  out = net(input);
  const loss2 = criterion(out, target);
  loss2.backward();
  optimizer.step();
  console.log(`loss before the SGD step: ${(loss2.item() as number).toFixed(4)}, after: ${((criterion(net(input), target).item()) as number).toFixed(4)}`);
}
