import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, fmt } from './transform.js';
import { mapImage, pad, parsePadding, type ImageInput, type PaddingMode } from './image-ops.js';

/** Options of {@link Pad}. */
export interface PadOptions {
  /** Constant value (or one per channel) for `'constant'` padding (default 0). */
  fill?: number | readonly number[];
  /** `'constant'` (default), `'edge'`, `'reflect'` or `'symmetric'`. */
  paddingMode?: PaddingMode;
}

/** torchvision's `F.pad`: `padding` is an int, `[lr, tb]` or `[left, top, right, bottom]`. */
export function padImage(img: ImageInput, padding: number | readonly number[], fill: number | readonly number[] = 0, mode: PaddingMode = 'constant'): ImageInput {
  if (!['constant', 'edge', 'reflect', 'symmetric'].includes(mode)) {
    throw new RangeError('Padding mode should be either constant, edge, reflect or symmetric');
  }
  const p = parsePadding(padding);
  return mapImage(img, (im) => pad(im, p, fill, mode));
}

/**
 * Pads the borders of an image (torchvision's `Pad`).
 *
 * @example
 * ```ts
 * new Pad(4)(img);                                 // 4 pixels of 0 on every side
 * new Pad([2, 1], { paddingMode: 'reflect' })(x);  // 2 left/right, 1 top/bottom
 * ```
 */
export class Pad extends Transform<ImageInput, ImageInput> {
  /** Padding on each border: all, [left/right, top/bottom] or [left, top, right, bottom]. */
  readonly padding: number | readonly number[];
  /** Fill value (one, or one per channel) for `'constant'` mode. */
  readonly fill: number | readonly number[];
  /** `'constant'`, `'edge'`, `'reflect'` or `'symmetric'`. */
  readonly paddingMode: PaddingMode;

  constructor(padding: number | readonly number[], options: PadOptions = {}) {
    super();
    parsePadding(padding);
    this.padding = padding;
    this.fill = options.fill ?? 0;
    this.paddingMode = options.paddingMode ?? 'constant';
  }

  forward(img: ImageInput): ImageInput {
    return padImage(img, this.padding, this.fill, this.paddingMode);
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('Pad', [this.padding, { fill: this.fill, paddingMode: this.paddingMode }]);
  }

  override toString(): string {
    return `Pad(padding=${fmt(this.padding)}, fill=${fmt(this.fill)}, padding_mode=${this.paddingMode})`;
  }
}
