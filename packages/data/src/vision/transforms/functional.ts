/**
 * The transforms as functions (torchvision's `transforms.functional`, usually imported as `F`).
 * @module
 */
import { toDType, type DTypeLike, type Tensor } from '@torchts/core';
import type { RawImage } from '../raw-image.js';
import { centerCrop as centerCropImpl } from './center-crop.js';
import { convertImageDtype as convertImpl } from './convert-image-dtype.js';
import * as ops from './image-ops.js';
import { Normalize } from './normalize.js';
import { padImage } from './pad.js';
import { rotate as rotateImpl, type RotationOptions } from './random-rotation.js';
import { PILToTensor, ToTensor } from './to-tensor.js';
import type { ImageInput, InterpolationMode, PaddingMode } from './image-ops.js';

export type { ImageInput, InterpolationMode, PaddingMode, RotationOptions };

/** `to_tensor`: a RawImage to a float32 tensor `[C, H, W]` in [0, 1]. */
export function toTensor(pic: RawImage): Tensor {
  return new ToTensor()(pic);
}

/** `pil_to_tensor`: a RawImage to a uint8 tensor `[C, H, W]`. */
export function pilToTensor(pic: RawImage): Tensor {
  return new PILToTensor()(pic);
}

/** `normalize`: `(x - mean) / std` per channel. */
export function normalize(tensor: Tensor, mean: readonly number[], std: readonly number[], inplace = false): Tensor {
  return new Normalize(mean, std, { inplace })(tensor);
}

/** `resize` to `[h, w]`, or the smaller edge to `size` (tensor algorithm, no antialiasing). */
export function resize(img: ImageInput, size: number | readonly number[], interpolation: InterpolationMode = 'bilinear', maxSize?: number): ImageInput {
  const [, h, w] = ops.dimensions(img);
  const [oh, ow] = ops.resizedSize(h, w, size, maxSize);
  return ops.mapImage(img, (im) => ops.resize(im, oh, ow, interpolation));
}

/** `crop` the box at `top, left` of `height x width` (zeros outside the image). */
export function crop(img: ImageInput, top: number, left: number, height: number, width: number): ImageInput {
  return ops.mapImage(img, (im) => ops.crop(im, top, left, height, width));
}

/** `center_crop`. */
export function centerCrop(img: ImageInput, outputSize: number | readonly number[]): ImageInput {
  return centerCropImpl(img, outputSize);
}

/** `pad` by an int, `[lr, tb]` or `[left, top, right, bottom]`. */
export function pad(img: ImageInput, padding: number | readonly number[], fill: number | readonly number[] = 0, paddingMode: PaddingMode = 'constant'): ImageInput {
  return padImage(img, padding, fill, paddingMode);
}

/** `hflip`: mirror left-right. */
export function hflip(img: ImageInput): ImageInput {
  return ops.mapImage(img, ops.hflip);
}

/** `vflip`: mirror top-bottom. */
export function vflip(img: ImageInput): ImageInput {
  return ops.mapImage(img, ops.vflip);
}

/** `rotate` by `angle` degrees counter-clockwise. */
export function rotate(img: ImageInput, angle: number, options: RotationOptions = {}): ImageInput {
  return rotateImpl(img, angle, options);
}

/** `rgb_to_grayscale` (tensors) / `to_grayscale` (RawImages). */
export function rgbToGrayscale(img: ImageInput, numOutputChannels: 1 | 3 = 1): ImageInput {
  return ops.mapImage(img, (im) => ops.grayscale(im, numOutputChannels));
}

/** `convert_image_dtype`. */
export function convertImageDtype(image: Tensor, dtype: DTypeLike = 'float32'): Tensor {
  return convertImpl(image, toDType(dtype));
}

/** `get_dimensions`: `[C, H, W]`. */
export function getDimensions(img: ImageInput): [number, number, number] {
  return ops.dimensions(img);
}
