/**
 * Stands in for @tensorflow/tfjs in the GPU bundles of apps/bench: the GPU plan never runs TF.js,
 * and the GPU machine has no npm packages. Calling into it says so.
 */
export function setBackend(): never {
  throw new Error('TF.js is not part of the GPU bundle');
}
