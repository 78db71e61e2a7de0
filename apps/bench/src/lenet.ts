/** The blitz's LeNet in torchts, as W4 and W5 train it (the same model as apps/train's). */
import * as torch from 'torchts';

const { nn, F } = torch;

/**
 * LeNet for `channels` x 32 x 32 images: conv(5) 6 - pool - conv(5) 16 - pool - 120 - 84 - 10.
 *
 * @example
 * ```ts
 * const net = new LeNet(1);
 * net(torch.randn(64, 1, 32, 32)).shape; // [64, 10]
 * ```
 */
export class LeNet extends nn.Module {
  conv1: InstanceType<typeof nn.Conv2d>;
  pool = new nn.MaxPool2d(2, 2);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  constructor(channels: number) {
    super();
    this.conv1 = new nn.Conv2d(channels, 6, 5);
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
