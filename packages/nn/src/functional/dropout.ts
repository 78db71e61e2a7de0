/**
 * Dropout: `F.dropout` (elements) and `F.dropout1d`/`F.dropout2d` (whole channels). The
 * mask is drawn with `bernoulli_(1 - p)` on a tensor of the mask's shape, scaled by
 * `1 / (1 - p)` and multiplied in, as PyTorch's CPU kernel does (so the same seed drops the
 * same elements).
 * @module
 */
import { emptyLike, empty, ValueError, zeros, type Tensor } from '@torchts/core';

/** Options of the dropouts. */
export interface DropoutOptions {
  /** Probability of an element (channel) to be zeroed (default 0.5). */
  p?: number;
  /** Apply dropout (default true); false returns the input. */
  training?: boolean;
  /** Modify the input. */
  inplace?: boolean;
}

function args(p: number | DropoutOptions | undefined, training?: boolean, inplace?: boolean): Required<DropoutOptions> {
  const o = typeof p === 'object' ? p : { p, training, inplace };
  const prob = o.p ?? 0.5;
  if (prob < 0 || prob > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${prob}`);
  return { p: prob, training: o.training ?? true, inplace: o.inplace ?? false };
}

function applyNoise(input: Tensor, noiseShape: number[] | null, o: Required<DropoutOptions>): Tensor {
  if (o.p === 0 || !o.training || input.numel() === 0) return input;
  if (o.p === 1) return o.inplace ? input.mul_(zeros([], { dtype: input.dtype, device: input.device })) : input.mul(0);
  const noise = noiseShape ? empty(noiseShape, { dtype: input.dtype, device: input.device }) : emptyLike(input);
  noise.bernoulli_(1 - o.p);
  noise.div_(1 - o.p);
  return o.inplace ? input.mul_(noise) : input.mul(noise);
}

/**
 * Zeroes each element with probability `p` and scales the rest by `1 / (1 - p)`
 * (when `training`). Arguments: PyTorch's positional `(p, training, inplace)` or one options
 * object.
 *
 * @example
 * ```ts
 * F.dropout(x, 0.2);
 * F.dropout(x, { p: 0.2, training: net.training });
 * ```
 */
export function dropout(input: Tensor, p?: number | DropoutOptions, training?: boolean, inplace?: boolean): Tensor {
  return applyNoise(input, null, args(p, training, inplace));
}

function featureNoiseShape(input: Tensor): number[] {
  return [input.size(0), input.size(1), ...Array<number>(input.dim() - 2).fill(1)];
}

/**
 * Zeroes whole channels of `[N, C, H, W]` (PyTorch's `feature_dropout`); a 3-d input is
 * treated as `[N, C, L]`, as PyTorch 1.13 does (with its warning).
 */
export function dropout2d(input: Tensor, p?: number | DropoutOptions, training?: boolean, inplace?: boolean): Tensor {
  const o = args(p, training, inplace);
  const nd = input.dim();
  if (nd !== 3 && nd !== 4) {
    console.warn(
      `dropout2d: Received a ${nd}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).`,
    );
  }
  if (nd === 3) {
    console.warn(
      'dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.',
    );
  }
  return applyNoise(input, featureNoiseShape(input), o);
}

/** Zeroes whole channels of `[N, C, L]` (or unbatched `[C, L]`). */
export function dropout1d(input: Tensor, p?: number | DropoutOptions, training?: boolean, inplace?: boolean): Tensor {
  const o = args(p, training, inplace);
  const nd = input.dim();
  if (nd !== 2 && nd !== 3) {
    throw new Error(`dropout1d: Expected 2D or 3D input, but received a ${nd}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`);
  }
  if (nd === 2) return applyNoise(input.unsqueeze(0), featureNoiseShape(input.unsqueeze(0)), o).squeeze(0);
  return applyNoise(input, featureNoiseShape(input), o);
}
