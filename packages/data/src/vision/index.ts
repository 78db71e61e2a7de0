/**
 * `torch.vision`: torchvision's `datasets`, `transforms` and `utils`, plus {@link RawImage}.
 * @module
 */
export * as datasets from './datasets/index.js';
export * as transforms from './transforms/index.js';
export * as utils from './utils/index.js';
export { RawImage, type ImageMode } from './raw-image.js';
