import { RuntimeError, fromTypedArray, isTensor, toDType, type DType, type DTypeLike, type Tensor } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform } from './transform.js';
import { tensorData, typeOf } from './image-ops.js';

/** torchvision's `_max_value`: the value of full intensity for a dtype. */
export function maxValue(dtype: DType): number {
  switch (dtype.name) {
    case 'uint8': return 255;
    case 'int8': return 127;
    case 'int16': return 32767;
    case 'int32': return 2147483647;
    case 'int64': return 9223372036854775807;
    default: return 1;
  }
}

/**
 * torchvision's `convert_image_dtype`: converts an image tensor and rescales its values
 * (integers span [0, max], floats [0, 1]): uint8 -> float divides by 255, float -> uint8
 * multiplies by 255.999 and truncates, integer -> integer shifts.
 */
export function convertImageDtype(image: Tensor, dtype: DType): Tensor {
  if (image.dtype === dtype) return image;
  const from = image.dtype;
  if (from.isFloatingPoint) {
    if (dtype.isFloatingPoint) return image.to(dtype);
    if ((from.name === 'float32' && (dtype.name === 'int32' || dtype.name === 'int64')) || (from.name === 'float64' && dtype.name === 'int64')) {
      throw new RuntimeError(`The cast from ${from} to ${dtype} cannot be performed safely.`);
    }
    const factor = from.name === 'float64' ? maxValue(dtype) + 1.0 - 1e-3 : Math.fround(maxValue(dtype) + 1.0 - 1e-3);
    const src = tensorData(image);
    const out = new dtype.ArrayType(src.length);
    const r = from.name === 'float64' ? (x: number) => x : Math.fround;
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(r(src[i]! * factor));
    return fromTypedArray(out, [...image.shape], { dtype });
  }
  const inputMax = maxValue(from);
  if (dtype.isFloatingPoint) {
    const src = tensorData(image);
    const out = new dtype.ArrayType(src.length);
    for (let i = 0; i < src.length; i++) out[i] = src[i]! / inputMax;
    return fromTypedArray(out, [...image.shape], { dtype });
  }
  const outputMax = maxValue(dtype);
  const src = tensorData(image);
  const out = new dtype.ArrayType(src.length);
  if (inputMax > outputMax) {
    const factor = Math.floor((inputMax + 1) / (outputMax + 1));
    for (let i = 0; i < src.length; i++) out[i] = Math.floor(src[i]! / factor);
  } else {
    const factor = Math.floor((outputMax + 1) / (inputMax + 1));
    for (let i = 0; i < src.length; i++) out[i] = src[i]! * factor;
  }
  return fromTypedArray(out, [...image.shape], { dtype });
}

/**
 * Converts an image tensor to `dtype`, rescaling values (torchvision's `ConvertImageDtype`).
 *
 * @example
 * ```ts
 * new ConvertImageDtype(torch.float32)(uint8Image); // values / 255
 * ```
 */
export class ConvertImageDtype extends Transform<Tensor, Tensor> {
  /** The dtype images are converted to. */
  readonly dtype: DType;

  constructor(dtype: DTypeLike) {
    super();
    this.dtype = toDType(dtype);
  }

  forward(image: Tensor): Tensor {
    if (!isTensor(image)) throw new TypeError(`Input img should be Tensor Image. Got ${typeOf(image)}`);
    return convertImageDtype(image, this.dtype);
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('ConvertImageDtype', [this.dtype.name]);
  }

  override toString(): string {
    return `ConvertImageDtype(dtype=torch.${this.dtype.name})`;
  }
}
