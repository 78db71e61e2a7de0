/**
 * Training-mode batch normalisation as ONE op, run by the backend's fused `batchNorm` /
 * `batchNormBackward` kernels (PyTorch's `native_batch_norm`, node `NativeBatchNormBackward0`).
 * `F.batchNorm` takes this path when the input's backend has both kernels; elsewhere it stays
 * composed of differentiable core ops.
 *
 * Recorded op: `'native_batch_norm'`, inputs `[input, weight, bias]` (weight/bias may be null),
 * one output (the normalised input), args `{ eps, mean, invstd }`: the batch mean and
 * `1 / sqrt(biased var + eps)` per channel, 1-d [C] tensors (float32 for float16/bfloat16
 * inputs, else the input's dtype), not differentiable.
 * @module
 */
import {
  empty, float32, isGradEnabled, noGrad, type DType, type FusedKernels, type Tensor, type View,
} from '@torchts/core';
import { defineDerivative, type RecordContext } from '@torchts/autograd';
import { asOneOp } from './record.js';

type BatchNormKernels = Required<Pick<FusedKernels, 'batchNorm' | 'batchNormBackward'>>;

/** @internal The fused batch-norm kernels of `t`'s backend, or null when it lacks either. */
export function batchNormKernelsOf(t: Tensor): BatchNormKernels | null {
  const f = t._storage.backend.fused;
  return f?.batchNorm && f.batchNormBackward ? (f as BatchNormKernels) : null;
}

const FLOATS = new Set(['float32', 'float64', 'float16', 'bfloat16']);

/**
 * @internal Whether {@link nativeBatchNorm} can run these tensors: a non-empty float input on a
 * backend with both kernels, and weight/bias (if any) of its dtype and device (mixed dtypes
 * stay on the composed path).
 */
export function canFuseBatchNorm(input: Tensor, weight: Tensor | null, bias: Tensor | null): boolean {
  if (!FLOATS.has(input.dtype.name) || input.numel() === 0 || !batchNormKernelsOf(input)) return false;
  for (const p of [weight, bias]) {
    if (p && (p.dtype !== input.dtype || !p.device.equals(input.device))) return false;
  }
  return true;
}

/** float32 statistics for the reduced-precision floats, as PyTorch's `save_mean`/`save_invstd`. */
function statDtype(dtype: DType): DType {
  return dtype.name === 'float16' || dtype.name === 'bfloat16' ? float32 : dtype;
}

function contiguous(t: Tensor): Tensor {
  return t.isContiguous() ? t : noGrad(() => t.contiguous());
}

/** The [N, C, S] view the kernels take of a contiguous [N, C, *] tensor. */
function view3(t: Tensor): View {
  const v = t._view();
  const N = t.size(0), C = t.size(1), S = t.numel() / (N * C);
  return { buffer: v.buffer, shape: [N, C, S], strides: [C * S, S, 1], offset: v.offset };
}

/** Per-channel shape [1, C, 1, ...] for broadcasting against an [N, C, *] tensor. */
function channelShape(x: Tensor): number[] {
  const s = Array<number>(x.dim()).fill(1);
  s[1] = x.size(1);
  return s;
}

/** Statistics of a {@link nativeBatchNorm} call. */
export interface NativeBatchNormResult {
  /** The normalised input (recorded as one op). */
  out: Tensor;
  /** Batch mean per channel, [C], not differentiable. */
  mean: Tensor;
  /** `1 / sqrt(biased var + eps)` per channel, [C], not differentiable. */
  invstd: Tensor;
}

/**
 * @internal Training-mode batch norm of `[N, C, *]` through the fused kernels, recorded as one
 * `'native_batch_norm'` op. Callers check {@link canFuseBatchNorm} first.
 */
export function nativeBatchNorm(input: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number): NativeBatchNormResult {
  const f = batchNormKernelsOf(input)!;
  const C = input.size(1);
  // Filled by the computation, before the op is recorded with them.
  const args: Record<string, unknown> = { eps };
  const out = asOneOp('native_batch_norm', [input, weight, bias], args, () => {
    const xc = contiguous(input);
    const wc = weight ? contiguous(weight) : null, bc = bias ? contiguous(bias) : null;
    const y = empty([...input.shape], { dtype: input.dtype, device: input.device });
    const sd = statDtype(input.dtype);
    const mean = empty([C], { dtype: sd, device: input.device });
    const invstd = empty([C], { dtype: sd, device: input.device });
    f.batchNorm(view3(xc), wc ? wc._view() : null, bc ? bc._view() : null, eps, view3(y), mean._view(), invstd._view());
    args.mean = mean;
    args.invstd = invstd;
    return y;
  });
  return { out, mean: args.mean as Tensor, invstd: args.invstd as Tensor };
}

type Saved = ReturnType<RecordContext['save']>;

interface BatchNormSaved {
  x: Saved;
  w: Saved | null;
}

/**
 * The backward as differentiable core ops, for graphs of the backward (double backward): the
 * statistics are recomputed from `x` so that they carry their own dependence on it.
 */
function composedBackward(
  x: Tensor, w: Tensor | null, g: Tensor, eps: number, needs: readonly boolean[],
): [Tensor | null, Tensor | null, Tensor | null] {
  const dims = [0, ...Array.from({ length: x.dim() - 2 }, (_, i) => i + 2)];
  const cs = channelShape(x);
  const M = x.numel() / x.size(1);
  const mean = x.mean(dims, true);
  const invstd = x.var(dims, { correction: 0, keepdim: true }).add(eps).rsqrt();
  const xhat = x.sub(mean).mul(invstd);
  const sumDy = g.sum(dims, true);
  const sumDyXhat = g.mul(xhat).sum(dims, true);
  let gx: Tensor | null = null;
  if (needs[0]) {
    const k = w ? invstd.mul(w.reshape(cs)) : invstd;
    gx = g.mul(M).sub(sumDy).sub(xhat.mul(sumDyXhat)).mul(k).div(M);
  }
  return [gx, needs[1] ? sumDyXhat.reshape(-1) : null, needs[2] ? sumDy.reshape(-1) : null];
}

defineDerivative<BatchNormSaved>('native_batch_norm', {
  name: 'NativeBatchNormBackward0',
  save: (r) => ({ x: r.save(r.inputs[0]!), w: r.inputs[1] ? r.save(r.inputs[1]) : null }),
  backward: ({ saved, args, needs, inputMeta }, [grad]) => {
    const x = saved.x.unpack();
    const w = saved.w ? saved.w.unpack() : null;
    const eps = args.eps as number;
    const g = grad!.dtype === x.dtype ? grad! : grad!.to(x.dtype);
    let res: [Tensor | null, Tensor | null, Tensor | null];
    if (isGradEnabled()) res = composedBackward(x, w, g, eps, needs);
    else {
      const f = batchNormKernelsOf(x)!;
      const xc = contiguous(x), gc = contiguous(g), wc = w ? contiguous(w) : null;
      const C = x.size(1);
      const gx = needs[0] ? empty([...x.shape], { dtype: x.dtype, device: x.device }) : null;
      const gw = needs[1] ? empty([C], { dtype: x.dtype, device: x.device }) : null;
      const gb = needs[2] ? empty([C], { dtype: x.dtype, device: x.device }) : null;
      f.batchNormBackward(view3(gc), view3(xc), wc ? wc._view() : null, (args.mean as Tensor)._view(),
        (args.invstd as Tensor)._view(), gx ? view3(gx) : null, gw ? gw._view() : null, gb ? gb._view() : null);
      res = [gx, gw, gb];
    }
    // weight and bias may hold their C elements in another shape.
    for (const i of [1, 2]) {
      const r = res[i], m = inputMeta[i];
      if (r && m) res[i] = r.reshape([...m.shape]);
    }
    return res;
  },
});
