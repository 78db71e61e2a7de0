/**
 * `torch.vision.transforms` (torchvision's `transforms`).
 * @module
 */
export { Transform, type TransformLike } from './transform.js';
export { Compose } from './compose.js';
export { Lambda } from './lambda.js';
export { ToTensor, PILToTensor, PILToTensor as RawImageToTensor } from './to-tensor.js';
export { Normalize, type NormalizeOptions } from './normalize.js';
export { ConvertImageDtype } from './convert-image-dtype.js';
export { Resize, type ResizeOptions } from './resize.js';
export { CenterCrop } from './center-crop.js';
export { Pad, type PadOptions } from './pad.js';
export { Grayscale } from './grayscale.js';
export { RandomCrop, type RandomCropOptions } from './random-crop.js';
export { RandomHorizontalFlip, RandomVerticalFlip } from './random-horizontal-flip.js';
export { RandomRotation, type RotationOptions } from './random-rotation.js';
export type { ImageInput, InterpolationMode, PaddingMode } from './image-ops.js';
export * as functional from './functional.js';
