import { writeFileSync } from 'node:fs';
import type { Tensor } from '@torchts/core';
import { encodePng } from '../../image/png.js';
import { tensorData } from '../transforms/image-ops.js';
import { makeGrid, type MakeGridOptions } from './make-grid.js';

/**
 * The 8-bit HWC bytes torchvision's `save_image` writes for a grid `[C, H, W]`:
 * `grid * 255 + 0.5` clamped to [0, 255] and truncated, in the tensor's precision.
 * uint8 tensors are taken as they are (torchvision would overflow multiplying them by 255).
 */
export function toImageBytes(grid: Tensor): { data: Uint8Array; width: number; height: number; channels: number } {
  if (grid.dim() !== 3) throw new RangeError(`expected an image [C, H, W], got [${grid.shape.join(', ')}]`);
  const [c, h, w] = grid.shape as unknown as [number, number, number];
  if (c < 1 || c > 4) throw new RangeError(`cannot save an image with ${c} channels (1 to 4)`);
  const src = tensorData(grid);
  const hw = h * w;
  const out = new Uint8Array(hw * c);
  const float = grid.dtype.isFloatingPoint;
  const r = grid.dtype.name === 'float64' ? (x: number) => x : Math.fround;
  for (let k = 0; k < c; k++) {
    for (let i = 0; i < hw; i++) {
      const v = src[k * hw + i]!;
      out[i * c + k] = float ? Math.trunc(Math.min(Math.max(r(r(v * 255) + 0.5), 0), 255)) : Math.min(Math.max(v, 0), 255);
    }
  }
  return { data: out, width: w, height: h, channels: c };
}

/**
 * Saves a tensor image, or a batch laid out with {@link makeGrid}, as a PNG file
 * (torchvision's `save_image`): values in [0, 1] map to 0..255.
 *
 * @example
 * ```ts
 * saveImage(images, 'batch.png', { nrow: 8, normalize: true });
 * ```
 */
export function saveImage(tensor: Tensor | readonly Tensor[], path: string, options: MakeGridOptions = {}): void {
  const grid = makeGrid(tensor, options);
  const img = toImageBytes(grid);
  writeFileSync(path, encodePng(img.data, img.width, img.height, img.channels as 1 | 2 | 3 | 4));
}
