import { FASHION_MNIST_RESOURCES, type MnistResources } from '../../datasets/resources.js';
import type { RawImage } from '../raw-image.js';
import { MNIST, type MNISTOptions } from './mnist.js';

/**
 * Fashion-MNIST (torchvision's `datasets.FashionMNIST`): 28x28 gray images of 10 kinds of
 * clothing, in MNIST's format, read from `root/FashionMNIST/raw/` or from
 * `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist`).
 *
 * @example
 * ```ts
 * const trainset = new FashionMNIST({ root: './data', train: true, transform: new ToTensor() });
 * trainset.classes[trainset.getItem(0)[1]]; // 'Ankle boot'
 * ```
 */
export class FashionMNIST<X = RawImage, Y = number> extends MNIST<X, Y> {
  static override readonly resources: MnistResources = FASHION_MNIST_RESOURCES;
  /** @internal */
  static override readonly workerExport: string = 'FashionMNIST';

  static override async create<X = RawImage, Y = number>(options: MNISTOptions<X, Y>): Promise<FashionMNIST<X, Y>> {
    return (await super.create(options)) as FashionMNIST<X, Y>;
  }
}
