/**
 * `torch.vision.utils` (torchvision's `utils`).
 * @module
 */
export { makeGrid, type MakeGridOptions } from './make-grid.js';
export { saveImage } from './save-image.js';
