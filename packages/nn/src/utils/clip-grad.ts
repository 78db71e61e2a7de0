/**
 * Gradient clipping: `nn.utils.clipGradNorm_` and `nn.utils.clipGradValue_`, in place on the
 * parameters' `.grad`, as PyTorch's.
 * @module
 */
import { Tensor, max, noGrad, RuntimeError, stack, tensor } from '@torchts/core';

/** Options of {@link clipGradNorm_}. */
export interface ClipGradNormOptions {
  /** The p of the norm (default 2; `Infinity` for the max norm). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite (default false). */
  errorIfNonfinite?: boolean;
}

function withGrads(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  return list.filter((p) => p.grad !== null);
}

/**
 * Scales the gradients so that their total norm (as if concatenated) is at most `maxNorm`;
 * returns the total norm before clipping (a 0-d tensor).
 *
 * @example
 * ```ts
 * loss.backward();
 * nn.utils.clipGradNorm_(net.parameters(), 1.0);
 * optimizer.step();
 * ```
 */
export function clipGradNorm_(
  parameters: Tensor | Iterable<Tensor>, maxNorm: number, normType: number | ClipGradNormOptions = 2,
  errorIfNonfinite = false,
): Tensor {
  const o = typeof normType === 'object' ? normType : { normType, errorIfNonfinite };
  const p = o.normType ?? 2;
  const params = withGrads(parameters);
  if (params.length === 0) return tensor(0.0);
  return noGrad(() => {
    const device = params[0]!.grad!.device;
    let total: Tensor;
    if (p === Infinity) {
      const norms = params.map((q) => q.grad!.detach().abs().max().to(device));
      total = norms.length === 1 ? norms[0]! : max(stack(norms));
    } else {
      total = stack(params.map((q) => q.grad!.detach().norm(p).to(device))).norm(p);
    }
    if (o.errorIfNonfinite && total.isnan().logicalOr(total.isinf()).item()) {
      throw new RuntimeError(
        `The total norm of order ${p === Infinity ? 'inf' : p.toFixed(1)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. To disable this error and scale the gradients by the non-finite norm anyway, set \`error_if_nonfinite=False\``,
      );
    }
    const coef = total.add(1e-6).reciprocal().mul(maxNorm).clamp({ max: 1.0 });
    for (const q of params) q.grad!.detach().mul_(coef.to(q.grad!.device));
    return total;
  });
}

/** Clamps every gradient to `[-clipValue, clipValue]`, in place. */
export function clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  noGrad(() => {
    for (const q of withGrads(parameters)) q.grad!.data.clamp_(-clipValue, clipValue);
  });
}
