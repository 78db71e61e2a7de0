import type { CifarVariant } from '../../datasets/cifar-format.js';
import { CIFAR100_RESOURCES, type CifarResources } from '../../datasets/resources.js';
import type { RawImage } from '../raw-image.js';
import { CIFAR10, type CIFAROptions } from './cifar.js';

/**
 * CIFAR-100 (torchvision's `datasets.CIFAR100`): 32x32 RGB images of 100 classes; `targets`
 * are the fine labels, `classes` the fine label names (`root/cifar-100-python/`).
 */
export class CIFAR100<X = RawImage, Y = number> extends CIFAR10<X, Y> {
  static override readonly resources: CifarResources = CIFAR100_RESOURCES;
  /** @internal */
  static override readonly variant: CifarVariant = 'cifar100';
  /** @internal */
  static override readonly workerExport: string = 'CIFAR100';

  static override async create<X = RawImage, Y = number>(options: CIFAROptions<X, Y>): Promise<CIFAR100<X, Y>> {
    return (await super.create(options)) as CIFAR100<X, Y>;
  }
}
