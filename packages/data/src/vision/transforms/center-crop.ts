import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, fmt } from './transform.js';
import { crop, dimensions, mapImage, pad, type ImageInput } from './image-ops.js';
import { setupSize } from './crop-size.js';

/** torchvision's `center_crop`: pads with zeros when the image is smaller than the crop. */
export function centerCrop(img: ImageInput, outputSize: number | readonly number[]): ImageInput {
  const [ch, cw] = setupSize(outputSize);
  return mapImage(img, (im) => {
    let cur = im;
    if (cw > cur.width || ch > cur.height) {
      const l = cw > cur.width ? Math.floor((cw - cur.width) / 2) : 0;
      const t = ch > cur.height ? Math.floor((ch - cur.height) / 2) : 0;
      const r = cw > cur.width ? Math.floor((cw - cur.width + 1) / 2) : 0;
      const b = ch > cur.height ? Math.floor((ch - cur.height + 1) / 2) : 0;
      cur = pad(cur, [l, t, r, b], 0, 'constant');
      if (cw === cur.width && ch === cur.height) return cur;
    }
    // Python's round() rounds half to even
    const top = roundHalfEvenInt((cur.height - ch) / 2);
    const left = roundHalfEvenInt((cur.width - cw) / 2);
    return crop(cur, top, left, ch, cw);
  });
}

function roundHalfEvenInt(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Crops the center `size` (`[h, w]` or an int for a square) of an image (torchvision's
 * `CenterCrop`).
 */
export class CenterCrop extends Transform<ImageInput, ImageInput> {
  /** Output [height, width]. */
  readonly size: [number, number];

  constructor(size: number | readonly number[]) {
    super();
    this.size = setupSize(size);
  }

  forward(img: ImageInput): ImageInput {
    dimensions(img);
    return centerCrop(img, this.size);
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('CenterCrop', [this.size]);
  }

  override toString(): string {
    return `CenterCrop(size=${fmt(this.size)})`;
  }
}
