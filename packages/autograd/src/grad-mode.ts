/**
 * Grad mode, re-exported from @torchts/core (where the hot path checks it), so
 * `autograd.noGrad(...)` works as `torch.autograd.no_grad` does.
 * @module
 */
export {
  noGrad, enableGrad, setGradEnabled, isGradEnabled, inferenceMode, isInferenceModeEnabled,
} from '@torchts/core';
