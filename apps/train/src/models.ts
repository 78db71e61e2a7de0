/** The trainer's models: the blitz's LeNet and a small MLP. */
import * as torch from 'torchts';

const { nn, F } = torch;

/** The tutorial's LeNet for `channels` x 32 x 32 images (1 for MNIST-like data padded to 32, 3 for CIFAR-10). */
export class LeNet extends nn.Module {
  conv1: InstanceType<typeof nn.Conv2d>;
  pool = new nn.MaxPool2d(2, 2);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3: InstanceType<typeof nn.Linear>;

  constructor(channels: number, classes = 10) {
    super();
    // Assignment order is registration order: conv1 first, as in PyTorch's LeNet.
    this.conv1 = new nn.Conv2d(channels, 6, 5);
    this.fc3 = new nn.Linear(84, classes);
  }

  override forward(x: torch.Tensor): torch.Tensor {
    x = this.pool(F.relu(this.conv1(x)));
    x = this.pool(F.relu(this.conv2(x)));
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}

/** A two-hidden-layer perceptron on flattened images. */
export class MLP extends nn.Module {
  net: InstanceType<typeof nn.Sequential>;
  constructor(inFeatures: number, classes = 10) {
    super();
    this.net = new nn.Sequential(
      new nn.Flatten(),
      new nn.Linear(inFeatures, 256),
      new nn.ReLU(),
      new nn.Linear(256, 128),
      new nn.ReLU(),
      new nn.Linear(128, classes),
    );
  }
  override forward(x: torch.Tensor): torch.Tensor {
    return this.net(x);
  }
}

/** Builds the model for a dataset's image shape [C, H, W]. */
export function buildModel(name: 'lenet' | 'mlp', imageShape: readonly number[], classes: number): torch.nn.Module {
  if (name === 'lenet') return new LeNet(imageShape[0]!, classes);
  return new MLP(imageShape.reduce((a, b) => a * b, 1), classes);
}
