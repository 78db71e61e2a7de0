/**
 * `torch.utils` of torchts's data package.
 * @module
 */
export * as data from './data/index.js';
