/**
 * `nn.utils`: gradient clipping and parameter/vector conversion.
 * @module
 */
export { clipGradNorm_, clipGradValue_, type ClipGradNormOptions } from './clip-grad.js';
export { parametersToVector, vectorToParameters } from './convert-parameters.js';
