import { float32, fromTypedArray, isTensor, uint8, type Tensor } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { RawImage } from '../raw-image.js';
import { Transform } from './transform.js';
import { typeOf } from './image-ops.js';

function checkImage(pic: unknown, name: string): RawImage {
  if (pic instanceof RawImage) return pic;
  if (isTensor(pic)) {
    throw new TypeError(`${name}: pic should be a RawImage, got a Tensor (tensor images need no conversion; use ConvertImageDtype to change their dtype)`);
  }
  throw new TypeError(`${name}: pic should be a RawImage. Got ${typeOf(pic)}`);
}

/**
 * Converts a {@link RawImage} (HWC bytes) to a float32 tensor `[C, H, W]` with values in
 * [0, 1], `byte / 255` as torchvision's `ToTensor` computes it.
 *
 * @example
 * ```ts
 * const x = new ToTensor()(img); // [1, 28, 28] for MNIST
 * ```
 */
export class ToTensor extends Transform<RawImage, Tensor> {
  forward(pic: RawImage): Tensor {
    const img = checkImage(pic, 'ToTensor');
    const { width: w, height: h, channels: c, data } = img;
    const hw = w * h;
    const out = new Float32Array(c * hw);
    if (c === 1) {
      for (let i = 0; i < hw; i++) out[i] = data[i]! / 255;
    } else {
      for (let i = 0; i < hw; i++) for (let k = 0; k < c; k++) out[k * hw + i] = data[i * c + k]! / 255;
    }
    return fromTypedArray(out, [c, h, w], { dtype: float32 });
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('ToTensor', []);
  }
}

/**
 * Converts a {@link RawImage} to a uint8 tensor `[C, H, W]` without scaling (torchvision's
 * `PILToTensor`; also exported as `RawImageToTensor`).
 */
export class PILToTensor extends Transform<RawImage, Tensor> {
  forward(pic: RawImage): Tensor {
    const img = checkImage(pic, 'PILToTensor');
    const { width: w, height: h, channels: c, data } = img;
    const hw = w * h;
    const out = new Uint8Array(c * hw);
    if (c === 1) out.set(data);
    else for (let i = 0; i < hw; i++) for (let k = 0; k < c; k++) out[k * hw + i] = data[i * c + k]!;
    return fromTypedArray(out, [c, h, w], { dtype: uint8 });
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('PILToTensor', []);
  }
}
