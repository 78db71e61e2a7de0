/**
 * `F.interpolate`: resizing by `'nearest'`, `'nearest-exact'`, `'linear'` (3-d input),
 * `'bilinear'` (4-d input) and `'area'`, with PyTorch's source-index rules (computed in the
 * input's precision, as PyTorch's CPU kernels do), composed from `indexSelect` and
 * elementwise ops so that gradients flow.
 * @module
 */
import { float32, int64, tensor, ValueError, type Tensor } from '@torchts/core';
import { NotImplementedError } from '../errors.js';
import { adaptiveAvgPool1d, adaptiveAvgPool2d } from './pooling.js';

/** Interpolation modes of {@link interpolate}. */
export type InterpolateMode = 'nearest' | 'nearest-exact' | 'linear' | 'bilinear' | 'area';

/** Options of {@link interpolate}. */
export interface InterpolateOptions {
  /** Output spatial size (one number for all spatial dims, or one per dim). */
  size?: number | number[] | null;
  /** Multiplier of the spatial size (one, or one per dim). */
  scaleFactor?: number | number[] | null;
  /** Default `'nearest'`. */
  mode?: InterpolateMode;
  /** Linear modes: align the corner pixels' centres (default false). */
  alignCorners?: boolean | null;
  /** Compute the scale from the output size rather than using `scaleFactor` as given. */
  recomputeScaleFactor?: boolean | null;
}

const ALL_MODES = 'nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact';

/**
 * Resizes the spatial dims of `[N, C, ...]`.
 *
 * @example
 * ```ts
 * F.interpolate(img, { scaleFactor: 2 });                                  // nearest
 * F.interpolate(img, { size: [64, 48], mode: 'bilinear', alignCorners: false });
 * ```
 */
export function interpolate(input: Tensor, options: InterpolateOptions): Tensor {
  const mode = options.mode ?? 'nearest';
  let alignCorners = options.alignCorners ?? null;
  if (mode === 'nearest' || mode === 'area' || mode === 'nearest-exact') {
    if (alignCorners !== null) {
      throw new ValueError('align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear');
    }
  } else if (alignCorners === null) alignCorners = false;
  const dim = input.dim() - 2;
  const { size, scaleFactor } = options;
  let outputSize: number[] | null = null;
  let scales: number[] | null = null;
  const hasSize = size !== undefined && size !== null;
  const hasScale = scaleFactor !== undefined && scaleFactor !== null;
  if (hasSize && hasScale) throw new ValueError('only one of size or scale_factor should be defined');
  if (hasSize) {
    if (Array.isArray(size)) {
      if (size.length !== dim) {
        throw new ValueError(
          `Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${input.shape.slice(2).join(', ')}] and output size of [${size.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`,
        );
      }
      outputSize = [...size];
    } else outputSize = Array<number>(Math.max(dim, 0)).fill(size as number);
  } else if (hasScale) {
    if (Array.isArray(scaleFactor)) {
      if (scaleFactor.length !== dim) {
        throw new ValueError(
          `Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${input.shape.slice(2).join(', ')}] and scale_factor of shape [${scaleFactor.join(', ')}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`,
        );
      }
      scales = [...scaleFactor];
    } else scales = Array<number>(Math.max(dim, 0)).fill(scaleFactor as number);
  } else {
    throw new ValueError('either size or scale_factor should be defined');
  }
  let recompute = options.recomputeScaleFactor ?? null;
  if (recompute && hasSize) throw new ValueError('recompute_scale_factor is not meaningful with an explicit size.');
  if (mode === 'area' && outputSize === null) recompute = true;
  if (recompute && scales) {
    outputSize = scales.map((s, i) => Math.floor(input.size(i + 2) * s));
    scales = null;
  }
  if (!outputSize) outputSize = scales!.map((s, i) => Math.floor(input.size(i + 2) * s));
  const nd = input.dim();
  if ((mode === 'nearest' || mode === 'nearest-exact') && (nd === 3 || nd === 4)) {
    let out = input;
    for (let i = 0; i < dim; i++) out = out.indexSelect(i + 2, nearestIndex(input, i, outputSize[i]!, scales?.[i] ?? null, mode === 'nearest-exact'));
    return out;
  }
  if (mode === 'area' && nd === 3) return adaptiveAvgPool1d(input, outputSize);
  if (mode === 'area' && nd === 4) return adaptiveAvgPool2d(input, outputSize);
  if (mode === 'linear' && nd === 3) return linearAlong(input, 2, outputSize[0]!, alignCorners!, scales?.[0] ?? null);
  if (mode === 'bilinear' && nd === 4) {
    // W first, then H: PyTorch's order of the weighted sums.
    const h = lambdas(input, input.size(2), outputSize[0]!, alignCorners!, scales?.[0] ?? null);
    const top = input.indexSelect(2, h.i0), bottom = input.indexSelect(2, h.i1);
    const wTop = linearAlong(top, 3, outputSize[1]!, alignCorners!, scales?.[1] ?? null);
    const wBottom = linearAlong(bottom, 3, outputSize[1]!, alignCorners!, scales?.[1] ?? null);
    const shape = [outputSize[0]!, 1];
    return wTop.mul(h.l0.view(...shape)).add(wBottom.mul(h.l1.view(...shape)));
  }
  if (mode === 'bilinear' && nd === 3) throw new NotImplementedError('Got 3D input, but bilinear mode needs 4D input');
  if (mode === 'linear' && nd === 4) throw new NotImplementedError('Got 4D input, but linear mode needs 3D input');
  throw new NotImplementedError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${nd}D) for the modes: ${ALL_MODES} (got ${mode})`);
}

/** Rounds to the input's precision (PyTorch computes indices and weights in scalar_t). */
function rounder(input: Tensor): (v: number) => number {
  return input.dtype === float32 || input.dtype.itemsize <= 4 ? Math.fround : (v: number) => v;
}

/** PyTorch's `compute_scales_value`. */
function scaleValue(scale: number | null, inSize: number, outSize: number, fr: (v: number) => number): number {
  return scale !== null && scale > 0 ? fr(1.0 / scale) : fr(inSize / outSize);
}

function nearestIndex(input: Tensor, i: number, outSize: number, scale: number | null, exact: boolean): Tensor {
  const inSize = input.size(i + 2);
  const fr = Math.fround; // nearest uses float scales for every dtype
  const idx: number[] = [];
  for (let o = 0; o < outSize; o++) {
    if (!exact && outSize === inSize) idx.push(o);
    else if (!exact && outSize === 2 * inSize) idx.push(o >> 1);
    else {
      const s = scaleValue(scale, inSize, outSize, fr);
      const src = exact ? Math.floor(fr(fr(o + 0.5) * s)) : Math.floor(fr(o * s));
      idx.push(Math.min(src, inSize - 1));
    }
  }
  return tensor(idx, { dtype: int64, device: input.device });
}

interface Lambdas {
  i0: Tensor;
  i1: Tensor;
  l0: Tensor;
  l1: Tensor;
}

/** Source indices and weights of linear interpolation along one dim (PyTorch's `compute_source_index_and_lambda`). */
function lambdas(input: Tensor, inSize: number, outSize: number, alignCorners: boolean, scale: number | null): Lambdas {
  const fr = rounder(input);
  let ratio: number;
  if (alignCorners) ratio = outSize > 1 ? fr((inSize - 1) / (outSize - 1)) : 0;
  else ratio = scaleValue(scale, inSize, outSize, fr);
  const i0: number[] = [], i1: number[] = [], l0: number[] = [], l1: number[] = [];
  for (let o = 0; o < outSize; o++) {
    if (outSize === inSize) {
      i0.push(o); i1.push(o); l0.push(1); l1.push(0);
      continue;
    }
    let real = alignCorners ? fr(ratio * o) : fr(ratio * (o + 0.5) - 0.5);
    if (!alignCorners && real < 0) real = 0;
    const a = Math.trunc(real);
    i0.push(a);
    i1.push(a + (a < inSize - 1 ? 1 : 0));
    const lam = Math.min(Math.max(fr(real - a), 0), 1);
    l1.push(lam);
    l0.push(fr(1 - lam));
  }
  const opts = { device: input.device };
  return {
    i0: tensor(i0, { ...opts, dtype: int64 }),
    i1: tensor(i1, { ...opts, dtype: int64 }),
    l0: tensor(l0, { ...opts, dtype: input.dtype }),
    l1: tensor(l1, { ...opts, dtype: input.dtype }),
  };
}

/** Linear interpolation of `x` along `dim` to `outSize`. */
function linearAlong(x: Tensor, dim: number, outSize: number, alignCorners: boolean, scale: number | null): Tensor {
  const l = lambdas(x, x.size(dim), outSize, alignCorners, scale);
  const shape = Array<number>(x.dim() - dim).fill(1);
  shape[0] = outSize;
  return x.indexSelect(dim, l.i0).mul(l.l0.view(...shape)).add(x.indexSelect(dim, l.i1).mul(l.l1.view(...shape)));
}
