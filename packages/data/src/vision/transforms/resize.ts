import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, fmt } from './transform.js';
import { dimensions, mapImage, resize, resizedSize, type ImageInput, type InterpolationMode } from './image-ops.js';

/** Options of {@link Resize}. */
export interface ResizeOptions {
  /** `'bilinear'` (default) or `'nearest'`. */
  interpolation?: InterpolationMode;
  /** With an int size: the longer edge is at most this. */
  maxSize?: number;
  /** Only `false`/`undefined` (torchvision 0.14's default for tensors): antialiasing is not implemented. */
  antialias?: boolean;
}

/**
 * Resizes an image (RawImage or tensor `[..., H, W]`) to `size`: `[h, w]`, or an int for the
 * smaller edge keeping the aspect ratio (torchvision's `Resize`). Computed as torchvision's
 * tensor path (`interpolate(..., align_corners=False)`, no antialiasing, float32, integer
 * images rounded); PIL's resampling of RawImages, which antialiases when shrinking, is not
 * reproduced.
 *
 * @example
 * ```ts
 * new Resize(32)(img);        // 28x28 -> 32x32
 * new Resize([16, 24])(x);    // any size
 * ```
 */
export class Resize extends Transform<ImageInput, ImageInput> {
  /** Output size: [height, width], or one number for the smaller edge (keeping the aspect ratio). */
  readonly size: number | readonly number[];
  /** `'bilinear'` (default) or `'nearest'`. */
  readonly interpolation: InterpolationMode;
  /** Upper bound of the longer edge when `size` is one number, or undefined. */
  readonly maxSize: number | undefined;

  constructor(size: number | readonly number[], options: ResizeOptions = {}) {
    super();
    if (typeof size !== 'number' && (size.length < 1 || size.length > 2)) {
      throw new RangeError('If size is a sequence, it should have 1 or 2 values');
    }
    if (options.antialias) throw new RangeError('Resize: antialias=true is not implemented (torchvision 0.14 tensors default to false)');
    this.size = typeof size === 'number' ? size : [...size];
    this.interpolation = options.interpolation ?? 'bilinear';
    this.maxSize = options.maxSize;
    if (this.interpolation !== 'bilinear' && this.interpolation !== 'nearest') {
      throw new RangeError(`Resize: interpolation '${String(this.interpolation)}' is not supported (bilinear, nearest)`);
    }
  }

  forward(img: ImageInput): ImageInput {
    const [, h, w] = dimensions(img);
    const [oh, ow] = resizedSize(h, w, this.size, this.maxSize);
    if (oh === h && ow === w) return img;
    return mapImage(img, (im) => resize(im, oh, ow, this.interpolation));
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('Resize', [this.size, { interpolation: this.interpolation, ...(this.maxSize !== undefined ? { maxSize: this.maxSize } : {}) }]);
  }

  override toString(): string {
    return `Resize(size=${fmt(this.size)}, interpolation=${this.interpolation}, max_size=${fmt(this.maxSize)}, antialias=None)`;
  }
}
