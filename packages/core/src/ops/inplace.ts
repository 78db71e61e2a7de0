/**
 * The in-place protocol shared by every `op_` variant: leaf checks, the snapshot autograd
 * needs of the old value, and version bumps.
 * @module
 */
import { shouldRecord, autogradHooks } from '../grad-mode.js';
import { Tensor } from '../tensor.js';
import { checkInplaceAllowed, emptyTensor } from './helpers.js';

/**
 * @internal Runs `mutate` on `self` in place and records it for autograd.
 * `others` are the op's other tensor inputs; `args` its non-tensor arguments.
 * When recording, autograd receives a snapshot of the old `self` (its old values and graph
 * identity) as `inputs[0]`, so derivatives that need the old value stay correct.
 */
export function runInplace(
  op: string,
  self: Tensor,
  others: readonly (Tensor | null | undefined)[],
  args: Record<string, unknown>,
  mutate: () => void,
): Tensor {
  checkInplaceAllowed(self);
  const recording = shouldRecord([self, ...others]);
  const before = recording ? snapshot(self) : null;
  mutate();
  self._bumpVersion();
  if (recording) {
    autogradHooks()!.recordInplace({
      op,
      inputs: [before, ...others.map((t) => t ?? null)],
      outputs: [self],
      args,
    });
  }
  return self;
}

/** A copy of `t`'s values carrying t's autograd identity (gradFn, output index, requiresGrad). */
function snapshot(t: Tensor): Tensor {
  const copy = emptyTensor(t._shape, t.dtype, t.device);
  t._storage.backend.copy(t._view(), copy._view());
  copy.gradFn = t.gradFn;
  copy._outputNr = t._outputNr;
  copy._requiresGrad = t._requiresGrad;
  copy._autograd = t._autograd;
  return copy;
}
