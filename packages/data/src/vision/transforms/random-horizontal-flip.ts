import { rand } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform } from './transform.js';
import { hflip, mapImage, vflip, type ImageInput } from './image-ops.js';

/** `torch.rand(1) < p` with torch's global generator, as torchvision draws it. */
export function drawBelow(p: number): boolean {
  return (rand(1, { device: 'cpu' }).item() as number) < Math.fround(p);
}

/**
 * Mirrors the image left-right with probability `p` (torchvision's `RandomHorizontalFlip`),
 * drawing `torch.rand(1)` from torch's global generator: after the same `torch.manualSeed`,
 * the same images are flipped as in torchvision.
 */
export class RandomHorizontalFlip extends Transform<ImageInput, ImageInput> {
  /** Probability of flipping (default 0.5). */
  readonly p: number;

  constructor(p = 0.5) {
    super();
    this.p = p;
  }

  forward(img: ImageInput): ImageInput {
    return drawBelow(this.p) ? mapImage(img, hflip) : img;
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('RandomHorizontalFlip', [this.p]);
  }

  override toString(): string {
    return `RandomHorizontalFlip(p=${this.p})`;
  }
}

/** Mirrors the image top-bottom with probability `p` (torchvision's `RandomVerticalFlip`). */
export class RandomVerticalFlip extends Transform<ImageInput, ImageInput> {
  /** Probability of flipping (default 0.5). */
  readonly p: number;

  constructor(p = 0.5) {
    super();
    this.p = p;
  }

  forward(img: ImageInput): ImageInput {
    return drawBelow(this.p) ? mapImage(img, vflip) : img;
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('RandomVerticalFlip', [this.p]);
  }

  override toString(): string {
    return `RandomVerticalFlip(p=${this.p})`;
  }
}
