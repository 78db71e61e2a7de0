import { empty, isTensor } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, fmt } from './transform.js';
import {
  affineOutputSize, affineSample, dimensions, inverseRotationMatrix, mapImage, type ImageInput, type InterpolationMode,
} from './image-ops.js';

/** Options of {@link RandomRotation} and {@link vision.transforms.functional.rotate}. */
export interface RotationOptions {
  /** `'nearest'` (default) or `'bilinear'`. */
  interpolation?: InterpolationMode;
  /** Grow the canvas to hold the whole rotated image (default false). */
  expand?: boolean;
  /** Center of rotation `[x, y]` in pixels (default: the image center). */
  center?: readonly [number, number];
  /** Value (or one per channel) for pixels from outside the image (default 0). */
  fill?: number | readonly number[];
}

/**
 * Rotates an image by `angle` degrees counter-clockwise (torchvision's `F.rotate`, tensor
 * algorithm: inverse affine grid + `grid_sample`, float32).
 */
export function rotate(img: ImageInput, angle: number, options: RotationOptions = {}): ImageInput {
  const [c, h, w] = dimensions(img);
  let centerF: [number, number] = [0, 0];
  if (options.center) centerF = [options.center[0] - w * 0.5, options.center[1] - h * 0.5];
  const matrix = inverseRotationMatrix(centerF, -angle);
  const [ow, oh] = options.expand ? affineOutputSize(matrix, w, h) : [w, h];
  const f = options.fill;
  const fill = f === undefined ? null : typeof f === 'number' ? new Array<number>(c).fill(f) : [...f];
  return mapImage(img, (im) => affineSample(im, matrix, ow, oh, options.interpolation ?? 'nearest', fill));
}

/**
 * Rotates by a random angle in `[-degrees, degrees]` (or `[min, max]`), drawn as torchvision
 * draws it (`torch.empty(1).uniform_(min, max)` from torch's global generator), with
 * torchvision's tensor rotation. For RawImages, PIL's own resampling is not reproduced
 * exactly: the tensor algorithm is used for both.
 *
 * @example
 * ```ts
 * new RandomRotation(10); // up to 10 degrees either way
 * ```
 */
export class RandomRotation extends Transform<ImageInput, ImageInput> {
  /** Range of the angle, [min, max] degrees. */
  readonly degrees: [number, number];
  /** `'nearest'` (default) or `'bilinear'`. */
  readonly interpolation: InterpolationMode;
  /** Whether the output grows to hold the whole rotated image. */
  readonly expand: boolean;
  /** Centre of rotation [x, y], or undefined for the image centre. */
  readonly center: readonly [number, number] | undefined;
  /** Value of the pixels outside the rotated image. */
  readonly fill: number | readonly number[];

  constructor(degrees: number | readonly [number, number], options: RotationOptions = {}) {
    super();
    if (typeof degrees === 'number') {
      if (degrees < 0) throw new RangeError('If degrees is a single number, it must be positive.');
      this.degrees = [-degrees, degrees];
    } else {
      if (degrees.length !== 2) throw new RangeError('If degrees is a sequence, it must be of len 2.');
      this.degrees = [degrees[0], degrees[1]];
    }
    this.interpolation = options.interpolation ?? 'nearest';
    this.expand = options.expand ?? false;
    this.center = options.center;
    this.fill = options.fill ?? 0;
  }

  /** torchvision's `RandomRotation.get_params`: one angle from `torch.empty(1).uniform_(lo, hi)`. */
  static getParams(degrees: readonly [number, number]): number {
    return empty(1, { device: 'cpu' }).uniform_(degrees[0], degrees[1]).item() as number;
  }

  forward(img: ImageInput): ImageInput {
    const [c] = dimensions(img);
    let fill = this.fill;
    if (isTensor(img) && typeof fill === 'number') fill = new Array<number>(c).fill(fill);
    const angle = RandomRotation.getParams(this.degrees);
    return rotate(img, angle, {
      interpolation: this.interpolation,
      expand: this.expand,
      ...(this.center ? { center: this.center } : {}),
      fill,
    });
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('RandomRotation', [
      this.degrees,
      { interpolation: this.interpolation, expand: this.expand, fill: this.fill, ...(this.center ? { center: this.center } : {}) },
    ]);
  }

  override toString(): string {
    return `RandomRotation(degrees=${fmt(this.degrees)}, interpolation=${this.interpolation}, expand=${fmt(this.expand)}, fill=${fmt(this.fill)})`;
  }
}
