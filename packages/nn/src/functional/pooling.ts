/**
 * Pooling: `maxPool1d`, `maxPool2d` (with indices, ceil mode), `avgPool1d`, `avgPool2d`,
 * `adaptiveAvgPool1d`, `adaptiveAvgPool2d`.
 *
 * `maxPool2d` on a backend with the fused max-pool kernel is one op recorded as
 * `'maxPool2d'` (PyTorch's `MaxPool2DWithIndicesBackward0`): inputs `[x]`, outputs
 * `[values, indices]`, args `{ indices, inputShape }`; its derivative scatters the gradient
 * to the flat input positions in `indices`. Without the kernel, and for the other poolings,
 * the result is composed from differentiable core ops (strided views stacked, then a max,
 * sum or matmul).
 * @module
 */
import { empty, int64, RuntimeError, stack, tensor, zeros, type Tensor } from '@torchts/core';
import { defineDerivative } from '@torchts/autograd';
import { pad } from './pad.js';
import { asOneOp } from './record.js';
import { pair } from './utils.js';

/** Keyword arguments of max pooling. */
export interface MaxPoolOptions {
  /** Stride of the window (default: the kernel size). */
  stride?: number | number[] | null;
  /** Implicit -inf padding on both sides (default 0). */
  padding?: number | number[];
  /** Spacing between window elements (default 1). */
  dilation?: number | number[];
  /** Use ceil instead of floor for the output size (default false). */
  ceilMode?: boolean;
  /** Also return the argmax indices (flat positions in each input plane). */
  returnIndices?: boolean;
}

/** Keyword arguments of average pooling. */
export interface AvgPoolOptions {
  /** Stride of the window (default: the kernel size). */
  stride?: number | number[] | null;
  /** Implicit zero padding on both sides (default 0). */
  padding?: number | number[];
  /** Use ceil instead of floor for the output size (default false). */
  ceilMode?: boolean;
  /** Count the zero padding in the average (default true). */
  countIncludePad?: boolean;
  /** Divide by this instead of the window size. */
  divisorOverride?: number | null;
}

/** PyTorch's `pooling_output_shape`. */
function poolOutSize(n: number, k: number, p: number, s: number, d: number, ceil: boolean): number {
  let out = Math.floor((n + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= n + p) out--;
  return out;
}

interface Geometry {
  k: [number, number];
  s: [number, number];
  p: [number, number];
  d: [number, number];
  out: [number, number];
}

function geometry(
  x: Tensor, kernel: number | number[], stride: number | number[] | null | undefined, padding: number | number[],
  dilation: number | number[], ceil: boolean,
): Geometry {
  const k = pair(kernel, 'kernel_size');
  const s = stride === null || stride === undefined || (Array.isArray(stride) && stride.length === 0) ? k : pair(stride, 'stride');
  const p = pair(padding, 'padding');
  const d = pair(dilation, 'dilation');
  if (s[0] === 0 || s[1] === 0) throw new RuntimeError('stride should not be zero');
  if (k[0] <= 0 || k[1] <= 0) throw new RuntimeError(`kernel size should be greater than zero, but got kH: ${k[0]} kW: ${k[1]}`);
  if (s[0] < 0 || s[1] < 0) throw new RuntimeError(`stride should be greater than zero, but got dH: ${s[0]} dW: ${s[1]}`);
  if (d[0] <= 0 || d[1] <= 0) throw new RuntimeError(`dilation should be greater than zero, but got dilationH: ${d[0]} dilationW: ${d[1]}`);
  for (let i = 0; i < 2; i++) {
    if (p[i]! > Math.floor(k[i]! / 2)) {
      throw new RuntimeError(`pad should be at most half of kernel size, but got pad=${p[i]} and kernel_size=${k[i]}`);
    }
  }
  const nd = x.dim();
  const H = x.size(nd - 2), W = x.size(nd - 1);
  const out: [number, number] = [poolOutSize(H, k[0], p[0], s[0], d[0], ceil), poolOutSize(W, k[1], p[1], s[1], d[1], ceil)];
  if (out[0] < 1 || out[1] < 1) {
    const C = nd === 4 ? x.size(1) : x.size(0);
    throw new RuntimeError(`Given input size: (${C}x${H}x${W}). Calculated output size: (${C}x${out[0]}x${out[1]}). Output size is too small`);
  }
  return { k, s, p, d, out };
}

function check2d(x: Tensor): void {
  const nd = x.dim();
  if (nd !== 3 && nd !== 4) throw new RuntimeError('non-empty 3D or 4D (batch mode) tensor expected for input');
  if (x.shape.slice(nd - 3).some((v) => v === 0)) {
    throw new RuntimeError(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[${x.shape.join(', ')}]`);
  }
}

/** Strided windows of a padded input, stacked: `[..., kH*kW, oH, oW]` (differentiable). */
function windows(xp: Tensor, g: Geometry): Tensor {
  const nd = xp.dim();
  const parts: Tensor[] = [];
  const lead = Array<string>(nd - 2).fill(':');
  for (let i = 0; i < g.k[0]; i++) {
    for (let j = 0; j < g.k[1]; j++) {
      const h0 = i * g.d[0], w0 = j * g.d[1];
      parts.push(xp.index(...lead, `${h0}:${h0 + g.s[0] * (g.out[0] - 1) + 1}:${g.s[0]}`, `${w0}:${w0 + g.s[1] * (g.out[1] - 1) + 1}:${g.s[1]}`));
    }
  }
  return stack(parts, nd - 2);
}

/** Pads the last two dims for the windows: `p` on the left, enough on the right for ceil mode. */
function padForWindows(x: Tensor, g: Geometry, value: number): Tensor {
  const nd = x.dim();
  const H = x.size(nd - 2), W = x.size(nd - 1);
  const needH = (g.out[0] - 1) * g.s[0] + g.d[0] * (g.k[0] - 1) + 1;
  const needW = (g.out[1] - 1) * g.s[1] + g.d[1] * (g.k[1] - 1) + 1;
  const rH = Math.max(0, needH - H - g.p[0]), rW = Math.max(0, needW - W - g.p[1]);
  if (g.p[0] === 0 && g.p[1] === 0 && rH === 0 && rW === 0) return x;
  return pad(x, [g.p[1], rW, g.p[0], rH], 'constant', value);
}

defineDerivative<null>('maxPool2d', {
  name: 'MaxPool2DWithIndicesBackward0',
  backward: ({ args }, [g]) => {
    const indices = args.indices as Tensor;
    const inputShape = args.inputShape as number[];
    const nd = inputShape.length;
    const planes = inputShape.slice(0, nd - 2).reduce((a, b) => a * b, 1);
    const hw = inputShape[nd - 2]! * inputShape[nd - 1]!;
    const gi = zeros([planes, hw], { dtype: g!.dtype, device: g!.device })
      .scatterAdd(1, indices.reshape(planes, -1), g!.reshape(planes, -1));
    return [gi.view(...inputShape)];
  },
});

/** Max pooling with indices on the fused kernel (no recording). */
function fusedMaxPool(x: Tensor, g: Geometry): [Tensor, Tensor] {
  const xc = x.isContiguous() ? x : x.contiguous();
  const shape = [...x.shape.slice(0, x.dim() - 2), ...g.out];
  const out = empty(shape, { dtype: x.dtype, device: x.device });
  const idx = empty(shape, { dtype: int64, device: x.device });
  if (out.numel() > 0) x._storage.backend.fused!.maxPool2d!(xc._view(), g.k, g.s, g.p, g.d, out._view(), idx._view());
  return [out, idx];
}

/** Max pooling composed of differentiable ops: windows of the -inf padded input, then max. */
function compositeMaxPool(x: Tensor, g: Geometry): [Tensor, Tensor] {
  const nd = x.dim();
  const W = x.size(nd - 1);
  const win = windows(padForWindows(x, g, -Infinity), g);
  const [values, arg] = win.max(nd - 2);
  // Flat input position of each window element at each output position.
  const table: number[] = [];
  for (let i = 0; i < g.k[0]; i++) {
    for (let j = 0; j < g.k[1]; j++) {
      for (let oh = 0; oh < g.out[0]; oh++) {
        for (let ow = 0; ow < g.out[1]; ow++) {
          const h = oh * g.s[0] - g.p[0] + i * g.d[0], w = ow * g.s[1] - g.p[1] + j * g.d[1];
          table.push(h * W + w);
        }
      }
    }
  }
  const lut = tensor(table, { dtype: int64, device: x.device }).view(g.k[0] * g.k[1], g.out[0], g.out[1]);
  const shape = [...arg.shape];
  const expanded = lut.expand(...x.shape.slice(0, nd - 2), ...lut.shape);
  const indices = expanded.gather(nd - 2, arg.unsqueeze(nd - 2)).squeeze(nd - 2).view(...shape);
  return [values, indices];
}

/**
 * 2-d max pooling over `[N, C, H, W]` (or `[C, H, W]`); with `returnIndices`, also the flat
 * position (`h * W + w`) of each maximum in its input plane. Arguments after `kernelSize` are
 * PyTorch's positional ones (`stride, padding, dilation, ceilMode, returnIndices`) or one
 * options object.
 *
 * @example
 * ```ts
 * F.maxPool2d(x, 2);                                       // 2x2 windows, stride 2
 * const [y, idx] = F.maxPool2d(x, 3, { stride: 2, returnIndices: true });
 * ```
 */
export function maxPool2d(input: Tensor, kernelSize: number | number[], options?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool2d(input: Tensor, kernelSize: number | number[], options: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool2d(
  input: Tensor, kernelSize: number | number[], stride?: number | number[] | null, padding?: number | number[],
  dilation?: number | number[], ceilMode?: boolean, returnIndices?: boolean,
): Tensor | [Tensor, Tensor];
export function maxPool2d(input: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  const o = maxPoolArgs(rest);
  check2d(input);
  const g = geometry(input, kernelSize, o.stride, o.padding ?? 0, o.dilation ?? 1, o.ceilMode ?? false);
  const f = input._storage.backend.fused?.maxPool2d;
  let res: [Tensor, Tensor];
  if (f) {
    const args: Record<string, unknown> = { inputShape: [...input.shape] };
    res = asOneOp('maxPool2d', [input], args, () => {
      const r = fusedMaxPool(input, g);
      args.indices = r[1];
      return r;
    });
  } else {
    res = compositeMaxPool(input, g);
  }
  return o.returnIndices ? res : res[0];
}

function maxPoolArgs(rest: unknown[]): MaxPoolOptions {
  const first = rest[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) return first as MaxPoolOptions;
  const [stride, padding, dilation, ceilMode, returnIndices] = rest as [
    number | number[] | null | undefined, number | number[] | undefined, number | number[] | undefined, boolean | undefined, boolean | undefined,
  ];
  return { stride, padding, dilation, ceilMode, returnIndices };
}

/** 1-d max pooling over `[N, C, L]` (or `[C, L]`), through the 2-d one. */
export function maxPool1d(input: Tensor, kernelSize: number | number[], options?: MaxPoolOptions & { returnIndices?: false }): Tensor;
export function maxPool1d(input: Tensor, kernelSize: number | number[], options: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
export function maxPool1d(
  input: Tensor, kernelSize: number | number[], stride?: number | number[] | null, padding?: number | number[],
  dilation?: number | number[], ceilMode?: boolean, returnIndices?: boolean,
): Tensor | [Tensor, Tensor];
export function maxPool1d(input: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  const o = maxPoolArgs(rest);
  if (input.dim() !== 2 && input.dim() !== 3) {
    throw new RuntimeError(`max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:[${input.shape.join(', ')}]`);
  }
  const one = (v: number | number[] | null | undefined, fill: number): number[] | null | undefined =>
    v === null || v === undefined ? v : [fill, Array.isArray(v) ? v[0]! : v];
  const k = Array.isArray(kernelSize) ? kernelSize[0]! : kernelSize;
  const res = maxPool2d(input.unsqueeze(-2), [1, k], {
    stride: one(o.stride, 1) ?? [1, k], padding: one(o.padding ?? 0, 0)!, dilation: one(o.dilation ?? 1, 1)!,
    ceilMode: o.ceilMode, returnIndices: true,
  });
  const values = res[0].squeeze(-2), indices = res[1].squeeze(-2);
  return o.returnIndices ? [values, indices] : values;
}

function avgPoolArgs(rest: unknown[]): AvgPoolOptions {
  const first = rest[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) return first as AvgPoolOptions;
  const [stride, padding, ceilMode, countIncludePad, divisorOverride] = rest as [
    number | number[] | null | undefined, number | number[] | undefined, boolean | undefined, boolean | undefined, number | null | undefined,
  ];
  return { stride, padding, ceilMode, countIncludePad, divisorOverride };
}

/**
 * 2-d average pooling; arguments after `kernelSize` are PyTorch's (`stride, padding, ceilMode,
 * countIncludePad, divisorOverride`) or one options object.
 */
export function avgPool2d(input: Tensor, kernelSize: number | number[], options?: AvgPoolOptions): Tensor;
export function avgPool2d(
  input: Tensor, kernelSize: number | number[], stride?: number | number[] | null, padding?: number | number[],
  ceilMode?: boolean, countIncludePad?: boolean, divisorOverride?: number | null,
): Tensor;
export function avgPool2d(input: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor {
  const o = avgPoolArgs(rest);
  check2d(input);
  const g = geometry(input, kernelSize, o.stride, o.padding ?? 0, 1, o.ceilMode ?? false);
  if (o.divisorOverride === 0) throw new RuntimeError('divisor must be not zero');
  const nd = input.dim();
  const H = input.size(nd - 2), W = input.size(nd - 1);
  const summed = windows(padForWindows(input, g, 0), g).sum(nd - 2);
  // PyTorch's divisor per output position.
  const div: number[] = [];
  for (let oh = 0; oh < g.out[0]; oh++) {
    for (let ow = 0; ow < g.out[1]; ow++) {
      let hs = oh * g.s[0] - g.p[0], ws = ow * g.s[1] - g.p[1];
      let he = Math.min(hs + g.k[0], H + g.p[0]), we = Math.min(ws + g.k[1], W + g.p[1]);
      const poolSize = (he - hs) * (we - ws);
      hs = Math.max(hs, 0); ws = Math.max(ws, 0);
      he = Math.min(he, H); we = Math.min(we, W);
      if (o.divisorOverride) div.push(o.divisorOverride);
      else if (o.countIncludePad ?? true) div.push(poolSize);
      else div.push((he - hs) * (we - ws));
    }
  }
  const divisor = tensor(div, { dtype: input.dtype, device: input.device }).view(g.out[0], g.out[1]);
  return summed.div(divisor);
}

/** 1-d average pooling over `[N, C, L]` (or `[C, L]`), through the 2-d one. */
export function avgPool1d(input: Tensor, kernelSize: number | number[], options?: AvgPoolOptions): Tensor;
export function avgPool1d(
  input: Tensor, kernelSize: number | number[], stride?: number | number[] | null, padding?: number | number[],
  ceilMode?: boolean, countIncludePad?: boolean,
): Tensor;
export function avgPool1d(input: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor {
  const o = avgPoolArgs(rest);
  const one = (v: number | number[] | null | undefined, fill: number): number[] | null | undefined =>
    v === null || v === undefined ? v : [fill, Array.isArray(v) ? v[0]! : v];
  const k = Array.isArray(kernelSize) ? kernelSize[0]! : kernelSize;
  return avgPool2d(input.unsqueeze(-2), [1, k], {
    stride: one(o.stride, 1) ?? [1, k], padding: one(o.padding ?? 0, 0)!, ceilMode: o.ceilMode,
    countIncludePad: o.countIncludePad,
  }).squeeze(-2);
}

/** The `[out, n]` averaging matrix of adaptive pooling (PyTorch's start/end index rule). */
function adaptiveMatrix(n: number, out: number, like: Tensor): Tensor {
  const m = new Array<number>(out * n).fill(0);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * n) / out), end = Math.ceil(((i + 1) * n) / out);
    for (let j = start; j < end; j++) m[i * n + j] = 1 / (end - start);
  }
  return tensor(m, { dtype: like.dtype, device: like.device }).view(out, n);
}

/**
 * Adaptive average pooling to a fixed output size `[oH, oW]` (a number for square; `null`
 * keeps that input size), whatever the input size.
 *
 * @example
 * ```ts
 * F.adaptiveAvgPool2d(torch.randn(1, 64, 10, 9), [5, 7]).shape; // [1, 64, 5, 7]
 * ```
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: number | (number | null)[]): Tensor {
  const nd = input.dim();
  if (nd !== 3 && nd !== 4) throw new RuntimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [${input.shape.join(', ')}]`);
  for (let i = 1; i < nd; i++) {
    if (input.size(i) === 0) {
      throw new RuntimeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes [${input.shape.join(', ')}] with dimension ${i} being empty`,
      );
    }
  }
  const H = input.size(nd - 2), W = input.size(nd - 1);
  const sizes = Array.isArray(outputSize) ? outputSize : [outputSize, outputSize];
  const oH = sizes[0] ?? H, oW = sizes[1] ?? W;
  if (oH === 1 && oW === 1) return input.mean([nd - 2, nd - 1], true);
  let out = input;
  if (oH !== H) out = adaptiveMatrix(H, oH, input).matmul(out);
  if (oW !== W) out = out.matmul(adaptiveMatrix(W, oW, input).t());
  return out === input ? input.clone() : out;
}

/** Adaptive average pooling over the last dim of `[N, C, L]` (or `[C, L]`). */
export function adaptiveAvgPool1d(input: Tensor, outputSize: number | number[]): Tensor {
  const nd = input.dim();
  if (nd !== 2 && nd !== 3) throw new RuntimeError(`adaptive_avg_pool1d(): Expected 2D or 3D tensor, but got [${input.shape.join(', ')}]`);
  const o = Array.isArray(outputSize) ? outputSize[0]! : outputSize;
  const L = input.size(-1);
  if (o === 1) return input.mean(-1, true);
  return input.matmul(adaptiveMatrix(L, o, input).t());
}
