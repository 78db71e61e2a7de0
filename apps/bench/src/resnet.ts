/**
 * ResNet-18 for 32x32 images (the CIFAR-10 variant: a 3x3 stem, no max pool), as W6 trains it
 * on a GPU. py/peer_torch.py defines the same network for PyTorch.
 */
import * as torch from 'torchts';

const { nn, F } = torch;

/** Two 3x3 convs with batch norm and a shortcut (a 1x1 conv when the shape changes). */
class BasicBlock extends nn.Module {
  conv1: InstanceType<typeof nn.Conv2d>;
  bn1: InstanceType<typeof nn.BatchNorm2d>;
  conv2: InstanceType<typeof nn.Conv2d>;
  bn2: InstanceType<typeof nn.BatchNorm2d>;
  shortcut: InstanceType<typeof nn.Sequential>;

  constructor(inPlanes: number, planes: number, stride: number) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride: 1, padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.shortcut = stride !== 1 || inPlanes !== planes
      ? new nn.Sequential(new nn.Conv2d(inPlanes, planes, 1, { stride, bias: false }), new nn.BatchNorm2d(planes))
      : new nn.Sequential();
  }

  override forward(x: torch.Tensor): torch.Tensor {
    const out = F.relu(this.bn1(this.conv1(x)));
    return F.relu(this.bn2(this.conv2(out)).add(this.shortcut(x)));
  }
}

/**
 * ResNet-18 (11.2 M parameters, 0.56 GFLOPs per 3x32x32 image forward).
 *
 * @example
 * ```ts
 * const net = new ResNet18(3, 10);
 * net(torch.randn(2, 3, 32, 32)).shape; // [2, 10]
 * ```
 */
export class ResNet18 extends nn.Module {
  conv1: InstanceType<typeof nn.Conv2d>;
  bn1 = new nn.BatchNorm2d(64);
  layers: InstanceType<typeof nn.Sequential>;
  linear = new nn.Linear(512, 10);

  constructor(channels: number, classes = 10) {
    super();
    this.conv1 = new nn.Conv2d(channels, 64, 3, { stride: 1, padding: 1, bias: false });
    const blocks: torch.nn.Module[] = [];
    let inPlanes = 64;
    for (const [planes, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]] as const) {
      blocks.push(new BasicBlock(inPlanes, planes, stride), new BasicBlock(planes, planes, 1));
      inPlanes = planes;
    }
    this.layers = new nn.Sequential(...blocks);
    this.linear = new nn.Linear(512, classes);
  }

  override forward(x: torch.Tensor): torch.Tensor {
    let out = F.relu(this.bn1(this.conv1(x)));
    out = this.layers(out);
    out = F.adaptiveAvgPool2d(out, 1);
    return this.linear(torch.flatten(out, 1));
  }
}
