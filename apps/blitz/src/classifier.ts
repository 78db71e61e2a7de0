/**
 * Chapter 4 of the blitz, "Training a classifier": load and normalise images, look at a grid
 * of them, define LeNet, train it (batch 4, SGD lr 0.001 momentum 0.9, 2 epochs), test it
 * overall and per class, and save/reload the weights. Uses CIFAR-10 when it is in ./data (or can
 * be downloaded with BLITZ_DOWNLOAD=1), else Fashion-MNIST padded to 32x32.
 */
import { mkdirSync } from 'node:fs';
import * as torch from 'torchts';

const { nn, F, optim } = torch;
const { datasets, transforms, utils: visionUtils } = torch.vision;
const { DataLoader, Subset } = torch.utils.data;

/** Limits that keep smoke tests short; the tutorial's values are the defaults. */
export interface ClassifierOptions {
  epochs?: number;
  limitTrain?: number;
  limitTest?: number;
  /** Print the running loss every this many mini-batches (the tutorial's 2000). */
  printEvery?: number;
  root?: string;
  out?: string;
  /**
   * Where to train and test (the tutorial's "Training on GPU": `net.to(device)`, and every batch
   * `.to(device)`). Default: `$BLITZ_DEVICE`, else torchts's default device (`TORCHTS_DEVICE`).
   */
  device?: string;
}

/** LeNet for `channels` x 32 x 32 images, as in the tutorial. */
class Net extends nn.Module {
  conv1: InstanceType<typeof nn.Conv2d>;
  pool = new nn.MaxPool2d(2, 2);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);
  constructor(channels: number) {
    super();
    // conv1 is declared first, so it stays first in the state dict although it is set here.
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

type ImageDataset = torch.utils.data.MapDataset<[torch.Tensor, number]> & { classes?: string[] };

async function loadDatasets(root: string): Promise<{ train: ImageDataset; test: ImageDataset; classes: string[]; channels: number; name: string }> {
  const download = process.env.BLITZ_DOWNLOAD === '1';
  try {
    const transform = new transforms.Compose<torch.vision.RawImage, torch.Tensor>([new transforms.ToTensor(), new transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
    const train = await datasets.CIFAR10.create<torch.Tensor>({ root, train: true, download, transform });
    const test = await datasets.CIFAR10.create<torch.Tensor>({ root, train: false, download, transform });
    return { train, test, classes: ['plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'], channels: 3, name: 'CIFAR-10' };
  } catch (err) {
    console.log(`CIFAR-10 is not available (${(err as Error).message.split('\n')[0]}); using Fashion-MNIST padded to 32x32 instead`);
  }
  const transform = new transforms.Compose<torch.vision.RawImage, torch.Tensor>([new transforms.Pad(2), new transforms.ToTensor(), new transforms.Normalize([0.5], [0.5])]);
  const train = await datasets.FashionMNIST.create<torch.Tensor>({ root, train: true, transform });
  const test = await datasets.FashionMNIST.create<torch.Tensor>({ root, train: false, transform });
  return { train, test, classes: train.classes, channels: 1, name: 'Fashion-MNIST' };
}

function firstN(ds: ImageDataset, n: number | undefined): ImageDataset {
  return n === undefined || n >= ds.length ? ds : new Subset(ds, Array.from({ length: n }, (_, i) => i));
}

export async function classifierChapter(opts: ClassifierOptions = {}): Promise<void> {
  const { epochs = 2, printEvery = 2000, root = './data', out = './out' } = opts;
  const device = torch.device(opts.device ?? process.env.BLITZ_DEVICE ?? torch.getDefaultDevice());
  torch.manualSeed(0);
  const data = await loadDatasets(root);
  const trainset = firstN(data.train, opts.limitTrain);
  const testset = firstN(data.test, opts.limitTest);
  const trainloader = new DataLoader(trainset, { batchSize: 4, shuffle: true });
  const testloader = new DataLoader(testset, { batchSize: 4, shuffle: false });
  const { classes } = data;
  mkdirSync(out, { recursive: true });

  // Show some training images: a grid written as a PNG (the tutorial's imshow).
  const [images, labels] = (await trainloader[Symbol.asyncIterator]().next()).value as [torch.Tensor, torch.Tensor];
  await visionUtils.saveImage(visionUtils.makeGrid(images.div(2).add(0.5)), `${out}/train_batch.png`);
  console.log([...labels.toTypedArray()].map((j) => classes[j]!.padStart(5)).join(' '));

  // Parameters move to the device before the optimizer takes them, as in the tutorial.
  const net = new Net(data.channels).to(device);
  if (device.type !== 'cpu') console.log(`Training on ${device}`);
  const criterion = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });

  for (let epoch = 0; epoch < epochs; epoch++) {
    let runningLoss = 0;
    let i = 0;
    for await (const [inputs, targets] of trainloader) {
      runningLoss += torch.tidy(() => {
        optimizer.zeroGrad();
        const loss = criterion(net(inputs.to(device)), targets.to(device));
        loss.backward();
        optimizer.step();
        return loss.item() as number;
      });
      if (i % printEvery === printEvery - 1) {
        console.log(`[${epoch + 1}, ${String(i + 1).padStart(5)}] loss: ${(runningLoss / printEvery).toFixed(3)}`);
        runningLoss = 0;
      }
      i++;
    }
  }
  console.log('Finished Training');

  const path = `${out}/cifar_net.safetensors`;
  await torch.save(net.stateDict(), path);

  // Test images with their predicted labels, from a reloaded network.
  const reloaded = new Net(data.channels);
  reloaded.loadStateDict((await torch.load(path)) as Record<string, torch.Tensor>);
  reloaded.to(device);
  const [testImages, testLabels] = (await testloader[Symbol.asyncIterator]().next()).value as [torch.Tensor, torch.Tensor];
  console.log('GroundTruth: ', [...testLabels.toTypedArray()].map((j) => classes[j]!.padStart(5)).join(' '));
  const [, predicted] = torch.noGrad(() => torch.max(reloaded(testImages.to(device)), 1));
  console.log('Predicted: ', [...predicted.toTypedArray()].map((j) => classes[j]!.padStart(5)).join(' '));
  await visionUtils.saveImage(visionUtils.makeGrid(testImages.div(2).add(0.5)), `${out}/test_batch.png`);

  const correctPred = new Map<string, number>(classes.map((c) => [c, 0]));
  const totalPred = new Map<string, number>(classes.map((c) => [c, 0]));
  let correct = 0, total = 0;
  await torch.noGrad(async () => {
    for await (const [imgs, lbls] of testloader) {
      const pred = torch.tidy(() => torch.argmax(reloaded(imgs.to(device)), 1).toTypedArray());
      const truth = lbls.toTypedArray();
      for (let k = 0; k < truth.length; k++) {
        const c = classes[truth[k]!]!;
        totalPred.set(c, totalPred.get(c)! + 1);
        if (pred[k] === truth[k]) {
          correct++;
          correctPred.set(c, correctPred.get(c)! + 1);
        }
        total++;
      }
    }
  });
  console.log(`Accuracy of the network on the ${total} test images: ${Math.round((100 * correct) / total)} %`);
  for (const c of classes) {
    const n = totalPred.get(c)!;
    console.log(`Accuracy for class: ${c.padEnd(5)} is ${(n ? (100 * correctPred.get(c)!) / n : 0).toFixed(1)} %`);
  }
  console.log(`wrote ${out}/train_batch.png, ${out}/test_batch.png and ${path} (${data.name})`);
}
