import { randint } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, fmt } from './transform.js';
import { crop, dimensions, mapImage, type ImageInput, type PaddingMode } from './image-ops.js';
import { padImage } from './pad.js';
import { setupSize } from './crop-size.js';

/** Options of {@link RandomCrop}. */
export interface RandomCropOptions {
  /** Padding applied first: an int, `[lr, tb]` or `[left, top, right, bottom]`. */
  padding?: number | readonly number[];
  /** Pad further when the image is smaller than the crop (default false). */
  padIfNeeded?: boolean;
  /** Padding value (default 0). */
  fill?: number | readonly number[];
  /** Padding mode (default `'constant'`). */
  paddingMode?: PaddingMode;
}

/**
 * Crops a random `size` window, after optional padding (torchvision's `RandomCrop`): the
 * top then left offsets are `torch.randint` draws from torch's global generator, as
 * torchvision draws them.
 *
 * @example
 * ```ts
 * new RandomCrop(32, { padding: 4 }); // the CIFAR-10 augmentation
 * ```
 */
export class RandomCrop extends Transform<ImageInput, ImageInput> {
  /** Output [height, width]. */
  readonly size: [number, number];
  /** Padding applied before cropping, as `Pad` takes it, or undefined. */
  readonly padding: number | readonly number[] | undefined;
  /** Whether an image smaller than `size` is padded first. */
  readonly padIfNeeded: boolean;
  /** Fill value for `'constant'` padding. */
  readonly fill: number | readonly number[];
  /** `'constant'`, `'edge'`, `'reflect'` or `'symmetric'`. */
  readonly paddingMode: PaddingMode;

  constructor(size: number | readonly number[], options: RandomCropOptions = {}) {
    super();
    this.size = setupSize(size);
    this.padding = options.padding;
    this.padIfNeeded = options.padIfNeeded ?? false;
    this.fill = options.fill ?? 0;
    this.paddingMode = options.paddingMode ?? 'constant';
  }

  /** torchvision's `RandomCrop.get_params`: `[top, left, height, width]` of a random window. */
  static getParams(img: ImageInput, outputSize: readonly [number, number]): [number, number, number, number] {
    const [, h, w] = dimensions(img);
    const [th, tw] = outputSize;
    if (h + 1 < th || w + 1 < tw) {
      throw new RangeError(`Required crop size (${th}, ${tw}) is larger then input image size (${h}, ${w})`);
    }
    if (w === tw && h === th) return [0, 0, h, w];
    const i = randint(0, h - th + 1, [1], { device: 'cpu' }).item() as number;
    const j = randint(0, w - tw + 1, [1], { device: 'cpu' }).item() as number;
    return [i, j, th, tw];
  }

  forward(input: ImageInput): ImageInput {
    let img = input;
    if (this.padding !== undefined) img = padImage(img, this.padding, this.fill, this.paddingMode);
    const [, height, width] = dimensions(img);
    if (this.padIfNeeded && width < this.size[1]) img = padImage(img, [this.size[1] - width, 0], this.fill, this.paddingMode);
    if (this.padIfNeeded && height < this.size[0]) img = padImage(img, [0, this.size[0] - height], this.fill, this.paddingMode);
    const [i, j, h, w] = RandomCrop.getParams(img, this.size);
    return mapImage(img, (im) => crop(im, i, j, h, w));
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('RandomCrop', [
      this.size,
      { ...(this.padding !== undefined ? { padding: this.padding } : {}), padIfNeeded: this.padIfNeeded, fill: this.fill, paddingMode: this.paddingMode },
    ]);
  }

  override toString(): string {
    return `RandomCrop(size=${fmt(this.size)}, padding=${fmt(this.padding)})`;
  }
}
