/**
 * The fused optimizer steps: when a parameter's backend provides `FusedKernels.sgdStep` /
 * `adamStep` (CUDA does, the CPU does not), SGD, Adam and AdamW update each parameter with one
 * kernel instead of composing a dozen elementwise ops. Used only when the step is not
 * `differentiable` and the parameter, its gradient and its state tensors are contiguous, of
 * one float dtype and on one device; otherwise (and always on the CPU) the composed path runs,
 * whose results match PyTorch's bit for bit. Fused results agree with it to a few ulps.
 * @module
 */
import type { AdamStepOptions, FusedKernels, SgdStepOptions, Tensor } from '@torchts/core';

/** The parameter's fused kernels when every tensor qualifies, else null. */
function kernelsFor(p: Tensor, others: readonly (Tensor | null | undefined)[]): FusedKernels | null {
  const fused = p._storage.backend.fused;
  if (!fused || !p.dtype.isFloatingPoint || !p.isContiguous()) return null;
  for (const t of others) {
    if (!t) continue;
    if (t.dtype !== p.dtype || !t.isContiguous() || !t.device.equals(p.device)) return null;
    if (t._shape.length !== p._shape.length || t._shape.some((s, i) => s !== p._shape[i])) return null;
  }
  return fused;
}

/** Marks the tensors as modified in place (autograd's version checks), as `runInplace` does. */
function bump(...ts: (Tensor | null | undefined)[]): void {
  for (const t of ts) t?._bumpVersion();
}

/**
 * @internal Whether {@link fusedSgdStep} would run for `p` (its backend has `sgdStep` and the
 * tensors qualify). `buf` is the existing momentum buffer, if any.
 */
export function canFuseSgd(p: Tensor, grad: Tensor, buf: Tensor | null | undefined, differentiable: boolean): boolean {
  if (differentiable) return false;
  return kernelsFor(p, [grad, buf])?.sgdStep !== undefined;
}

/**
 * @internal One fused SGD step (call only when {@link canFuseSgd} said yes). `buf` is the
 * momentum buffer (a new, uninitialised one on the first step, with `o.firstStep`), or null
 * when momentum is 0.
 */
export function fusedSgdStep(p: Tensor, grad: Tensor, buf: Tensor | null, o: SgdStepOptions): void {
  const fused = p._storage.backend.fused!;
  fused.sgdStep!(p._view(), grad._view(), buf ? buf._view() : null, o);
  bump(p, buf);
}

/** @internal Whether {@link fusedAdamStep} would run for `p` and its state tensors. */
export function canFuseAdam(
  p: Tensor, grad: Tensor, state: readonly (Tensor | null | undefined)[], differentiable: boolean,
): boolean {
  if (differentiable) return false;
  return kernelsFor(p, [grad, ...state])?.adamStep !== undefined;
}

/** @internal One fused Adam/AdamW step (only when {@link canFuseAdam} said yes). */
export function fusedAdamStep(
  p: Tensor, grad: Tensor, expAvg: Tensor, expAvgSq: Tensor, maxExpAvgSq: Tensor | null, o: AdamStepOptions,
): void {
  const fused = p._storage.backend.fused!;
  fused.adamStep!(p._view(), grad._view(), expAvg._view(), expAvgSq._view(), maxExpAvgSq ? maxExpAvgSq._view() : null, o);
  bump(p, expAvg, expAvgSq, maxExpAvgSq);
}
