/**
 * Recording nn's own ops for autograd. Ops that PyTorch differentiates as one node
 * (`ConvolutionBackward0`, `MaxPool2DWithIndicesBackward0`, `MseLossBackward0`,
 * `NllLossBackward0`, ...) compute their result without recording the pieces, then record one
 * op whose derivative nn registers in @torchts/autograd's table (see `derivatives/`).
 * @module
 */
import { autogradHooks, isGradEnabled, noGrad, type Tensor } from '@torchts/core';

/** @internal Whether an op with these inputs would be recorded now. */
export function recording(inputs: readonly (Tensor | null | undefined)[]): boolean {
  if (!isGradEnabled() || autogradHooks() === null) return false;
  for (const t of inputs) if (t && t.requiresGrad) return true;
  return false;
}

/** @internal Records `op` (inputs, outputs, args) when autograd should. */
export function recordOp(
  op: string,
  inputs: readonly (Tensor | null | undefined)[],
  outputs: readonly Tensor[],
  args: Record<string, unknown> = {},
): void {
  if (!recording(inputs)) return;
  autogradHooks()!.record({ op, inputs: inputs.map((t) => t ?? null), outputs, args });
}

/**
 * @internal Computes `fn()` without recording and records the whole as one `op`
 * (the usual shape of an nn op with its own derivative).
 */
export function asOneOp<T extends Tensor | Tensor[]>(
  op: string,
  inputs: readonly (Tensor | null | undefined)[],
  args: Record<string, unknown>,
  fn: () => T,
): T {
  const rec = recording(inputs);
  const out = rec ? noGrad(fn) : fn();
  if (rec) recordOp(op, inputs, Array.isArray(out) ? out : [out], args);
  return out;
}
