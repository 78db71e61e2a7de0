import { KMNIST_RESOURCES, type MnistResources } from '../../datasets/resources.js';
import type { RawImage } from '../raw-image.js';
import { MNIST, type MNISTOptions } from './mnist.js';

/** Kuzushiji-MNIST (torchvision's `datasets.KMNIST`): 28x28 gray images of 10 cursive Japanese characters. */
export class KMNIST<X = RawImage, Y = number> extends MNIST<X, Y> {
  static override readonly resources: MnistResources = KMNIST_RESOURCES;
  /** @internal */
  static override readonly workerExport: string = 'KMNIST';

  static override async create<X = RawImage, Y = number>(options: MNISTOptions<X, Y>): Promise<KMNIST<X, Y>> {
    return (await super.create(options)) as KMNIST<X, Y>;
  }
}
