/**
 * `RawImage`: an 8-bit image in memory, what the vision datasets return before transforms
 * (torchvision returns a PIL image).
 * @module
 */
import { writeFileSync } from 'node:fs';
import { encodePng } from '../image/png.js';
import { builtinSpec, type WorkerSpec } from '../utils/data/worker/worker-spec.js';

/** PIL's mode names for 1 to 4 channels of 8 bits. */
export type ImageMode = 'L' | 'LA' | 'RGB' | 'RGBA';

const MODES: Record<number, ImageMode> = { 1: 'L', 2: 'LA', 3: 'RGB', 4: 'RGBA' };

/**
 * An 8-bit image: `height * width * channels` bytes in HWC order (row-major, channels
 * interleaved), as a PIL image or a numpy array `[H, W, C]` holds it. It plays the role of
 * torchvision's PIL images: datasets return one, {@link vision.transforms.ToTensor} turns it into a float
 * tensor `[C, H, W]` in [0, 1], {@link vision.transforms.PILToTensor} into a uint8 tensor `[C, H, W]`, and the
 * geometric transforms (crop, flip, pad, resize, rotate, grayscale) accept it too.
 *
 * A dataset's images are views into its memory: treat `data` as read-only (transforms
 * always return new images).
 *
 * @example
 * ```ts
 * const [img, label] = trainset.getItem(0);
 * img;            // <RawImage mode=L size=28x28>
 * img.save('first.png');
 * ```
 */
export class RawImage {
  /** The pixels, HWC. */
  readonly data: Uint8Array;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA). */
  readonly channels: 1 | 2 | 3 | 4;

  constructor(data: Uint8Array, width: number, height: number, channels: number = 1) {
    if (![1, 2, 3, 4].includes(channels)) throw new RangeError(`RawImage: channels must be 1, 2, 3 or 4, got ${channels}`);
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 0 || height < 0) {
      throw new RangeError(`RawImage: width and height must be non-negative integers, got ${width}x${height}`);
    }
    if (data.length !== width * height * channels) {
      throw new RangeError(
        `RawImage: a ${width}x${height} image with ${channels} channel${channels === 1 ? '' : 's'} needs ` +
          `${width * height * channels} bytes, got ${data.length}`,
      );
    }
    this.data = data;
    this.width = width;
    this.height = height;
    this.channels = channels as 1 | 2 | 3 | 4;
  }

  /** PIL's mode: `'L'`, `'LA'`, `'RGB'` or `'RGBA'`. */
  get mode(): ImageMode {
    return MODES[this.channels]!;
  }

  /** `[width, height]`, as PIL's `size`. */
  get size(): [number, number] {
    return [this.width, this.height];
  }

  /** The image as PNG bytes. */
  toPng(): Uint8Array {
    return encodePng(this.data, this.width, this.height, this.channels);
  }

  /** Writes the image as a PNG file. */
  save(path: string): void {
    writeFileSync(path, this.toPng());
  }

  /** Sent to worker threads by copy. */
  workerSpec(): WorkerSpec {
    return builtinSpec('RawImage', [this.data, this.width, this.height, this.channels]);
  }

  /** PIL's form: `<RawImage mode=L size=28x28>`. */
  toString(): string {
    return `<RawImage mode=${this.mode} size=${this.width}x${this.height}>`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Whether `v` is a {@link RawImage}. */
export function isRawImage(v: unknown): v is RawImage {
  return v instanceof RawImage;
}
