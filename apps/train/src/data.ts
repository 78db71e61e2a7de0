/** Datasets and loaders for the trainer, with the tutorial's transforms. */
import * as torch from 'torchts';
import type { TrainConfig } from './config.js';

const { datasets, transforms } = torch.vision;
const { DataLoader, Subset } = torch.utils.data;

/** A loaded dataset pair plus what the model needs to know about it. */
export interface DataBundle {
  train: torch.utils.data.MapDataset<[torch.Tensor, number]>;
  test: torch.utils.data.MapDataset<[torch.Tensor, number]>;
  classes: string[];
  /** [C, H, W] of one transformed image. */
  imageShape: number[];
}

function limited<T>(ds: torch.utils.data.MapDataset<T>, n: number | null): torch.utils.data.MapDataset<T> {
  if (n === null || n >= ds.length) return ds;
  return new Subset(ds, Array.from({ length: n }, (_, i) => i));
}

/**
 * Fashion-MNIST and MNIST are padded from 28x28 to 32x32 so that the tutorial's LeNet
 * (which expects 32x32) runs unchanged; all images are normalised to [-1, 1] as in the blitz.
 */
export async function loadData(cfg: TrainConfig): Promise<DataBundle> {
  if (cfg.dataset === 'cifar10') {
    const transform = new transforms.Compose<torch.vision.RawImage, torch.Tensor>([new transforms.ToTensor(), new transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
    const opts = { root: cfg.root, download: cfg.download, transform };
    const train = await datasets.CIFAR10.create<torch.Tensor>({ ...opts, train: true });
    const test = await datasets.CIFAR10.create<torch.Tensor>({ ...opts, train: false });
    return { train: limited(train, cfg.limitTrain), test: limited(test, cfg.limitTest), classes: train.classes, imageShape: [3, 32, 32] };
  }
  const transform = new transforms.Compose<torch.vision.RawImage, torch.Tensor>([new transforms.Pad(2), new transforms.ToTensor(), new transforms.Normalize([0.5], [0.5])]);
  const Ctor = cfg.dataset === 'mnist' ? datasets.MNIST : datasets.FashionMNIST;
  const opts = { root: cfg.root, download: cfg.download, transform };
  const train = await Ctor.create<torch.Tensor>({ ...opts, train: true });
  const test = await Ctor.create<torch.Tensor>({ ...opts, train: false });
  return { train: limited(train, cfg.limitTrain), test: limited(test, cfg.limitTest), classes: train.classes, imageShape: [1, 32, 32] };
}

/** The training loader (shuffled) and the test loader (in order). */
export function makeLoaders(cfg: TrainConfig, data: DataBundle) {
  const train = new DataLoader(data.train, { batchSize: cfg.batchSize, shuffle: true, numWorkers: cfg.numWorkers });
  const test = new DataLoader(data.test, { batchSize: Math.max(cfg.batchSize, 256), shuffle: false, numWorkers: cfg.numWorkers });
  return { train, test };
}
