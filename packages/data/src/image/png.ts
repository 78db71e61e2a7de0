import { encode } from 'fast-png';

/**
 * Encodes an 8-bit image as PNG (through the `fast-png` encoder).
 *
 * `data` holds `height * width * channels` bytes in HWC order (row-major, channels
 * interleaved): 1 channel = grayscale, 2 = grayscale + alpha, 3 = RGB, 4 = RGBA.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * const rgb = new Uint8Array(32 * 32 * 3).fill(255); // a white 32x32 image
 * writeFileSync('white.png', encodePng(rgb, 32, 32, 3));
 * ```
 */
export function encodePng(data: Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new Error(`encodePng: width and height must be positive integers, got ${width}x${height}`);
  }
  if (![1, 2, 3, 4].includes(channels)) {
    throw new Error(`encodePng: channels must be 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA), got ${channels}`);
  }
  const expected = width * height * channels;
  if (data.length !== expected) {
    throw new Error(
      `encodePng: a ${width}x${height} image with ${channels} channel${channels === 1 ? '' : 's'} needs ` +
        `${expected} bytes (HWC order), got ${data.length}`,
    );
  }
  return encode({ width, height, data, channels, depth: 8 });
}
