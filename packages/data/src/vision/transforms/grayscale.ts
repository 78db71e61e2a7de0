import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform } from './transform.js';
import { grayscale, mapImage, type ImageInput } from './image-ops.js';

/**
 * Converts an image to grayscale with 1 or 3 channels (torchvision's `Grayscale`): RawImages
 * as PIL's `convert('L')`, tensors `[..., 3, H, W]` as torchvision's `rgb_to_grayscale`.
 */
export class Grayscale extends Transform<ImageInput, ImageInput> {
  /** Channels of the output: 1, or 3 equal ones. */
  readonly numOutputChannels: 1 | 3;

  constructor(numOutputChannels: 1 | 3 = 1) {
    super();
    if (numOutputChannels !== 1 && numOutputChannels !== 3) throw new RangeError('num_output_channels should be either 1 or 3');
    this.numOutputChannels = numOutputChannels;
  }

  forward(img: ImageInput): ImageInput {
    return mapImage(img, (im) => grayscale(im, this.numOutputChannels));
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('Grayscale', [this.numOutputChannels]);
  }

  override toString(): string {
    return `Grayscale(num_output_channels=${this.numOutputChannels})`;
  }
}
