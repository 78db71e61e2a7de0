/**
 * Convolutions: `conv1d`, `conv2d`, `convTranspose1d`, `convTranspose2d`, and `unfold`
 * (im2col).
 *
 * On a backend with the fused conv2d kernels (forward and both backward), a convolution is
 * one op recorded as `'convolution'` (PyTorch's `ConvolutionBackward0`), args
 * `{ stride, padding, dilation, groups, transposed, outputPadding }` (2-d lists; 1-d
 * convolutions run as 2-d ones of height 1), inputs `[input, weight, bias]`. Elsewhere it is
 * composed from differentiable core ops: `unfold` (strided views stacked) and `matmul`.
 * @module
 */
import {
  cat, empty, noGrad, RuntimeError, stack, type Conv2dParams, type FusedKernels, type Tensor,
} from '@torchts/core';
import { defineDerivative, type RecordContext } from '@torchts/autograd';
import { asOneOp } from './record.js';
import { pad } from './pad.js';
import { ntuple, pair } from './utils.js';

/** Keyword arguments of the convolutions. */
export interface ConvOptions {
  /** Stride (default 1). */
  stride?: number | number[];
  /** Zero padding on both sides (default 0), or `'valid'` (none) / `'same'` (output size = input size). */
  padding?: number | number[] | 'same' | 'valid';
  /** Spacing between kernel elements (default 1). */
  dilation?: number | number[];
  /** Number of blocked connections from input to output channels (default 1). */
  groups?: number;
}

/** Keyword arguments of the transposed convolutions. */
export interface ConvTransposeOptions {
  /** Stride (default 1). */
  stride?: number | number[];
  /** `dilation * (kernel_size - 1) - padding` zeros are added to both sides (default 0). */
  padding?: number | number[];
  /** Extra size added to one side of the output (default 0). */
  outputPadding?: number | number[];
  /** Number of blocked connections (default 1). */
  groups?: number;
  /** Spacing between kernel elements (default 1). */
  dilation?: number | number[];
}

interface ConvParams extends Conv2dParams {
  transposed: boolean;
  outputPadding: [number, number];
}

function fusedOf(t: Tensor): Required<Pick<FusedKernels, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardWeight'>> | null {
  const f = t._storage.backend.fused;
  if (f?.conv2d && f.conv2dBackwardInput && f.conv2dBackwardWeight) {
    return f as Required<Pick<FusedKernels, 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardWeight'>>;
  }
  return null;
}

const typeNames: Record<string, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int', int16: 'Short',
  int8: 'Char', uint8: 'Byte', bool: 'Bool',
};

function shapeList(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

/** A 3-d (1-d conv) tensor as the 4-d one of height 1 the 2-d kernels take (not recorded). */
function as4d(t: Tensor, spatial: number): Tensor {
  return spatial === 1 ? noGrad(() => t.unsqueeze(2)) : t;
}

function contiguous(t: Tensor): Tensor {
  return t.isContiguous() ? t : noGrad(() => t.contiguous());
}

/** Output size of a convolution (or transposed convolution) along one dim. */
function outSize(n: number, k: number, p: ConvParams, i: number): number {
  const [s, pd, d] = [p.stride[i]!, p.padding[i]!, p.dilation[i]!];
  if (p.transposed) return (n - 1) * s - 2 * pd + d * (k - 1) + p.outputPadding[i]! + 1;
  return Math.floor((n + 2 * pd - d * (k - 1) - 1) / s) + 1;
}

/** Runs the fused kernels on 4-d tensors (no recording). */
function fusedForward(x: Tensor, w: Tensor, b: Tensor | null, p: ConvParams): Tensor {
  const f = fusedOf(x)!;
  const xc = contiguous(x), wc = contiguous(w), bc = b ? contiguous(b) : null;
  const [N, , H, W] = x.shape as unknown as number[];
  const [, , kH, kW] = w.shape as unknown as number[];
  const O = p.transposed ? w.size(1) * p.groups : w.size(0);
  const out = empty([N!, O, outSize(H!, kH!, p, 0), outSize(W!, kW!, p, 1)], { dtype: x.dtype, device: x.device });
  if (out.numel() === 0) return out;
  if (!p.transposed) {
    f.conv2d(xc._view(), wc._view(), bc ? bc._view() : null, p, out._view());
  } else {
    f.conv2dBackwardInput(xc._view(), wc._view(), p, out._view());
    if (bc) noGrad(() => out.add_(bc.view(1, -1, 1, 1)));
  }
  return out;
}

type Saved = ReturnType<RecordContext['save']>;

interface ConvSaved {
  x: Saved | null;
  w: Saved | null;
}

defineDerivative<ConvSaved>('convolution', {
  name: 'ConvolutionBackward0',
  save: (r) => ({
    x: r.needs[1] ? r.save(r.inputs[0]!) : null,
    w: r.needs[0] ? r.save(r.inputs[1]!) : null,
  }),
  backward: ({ saved, args, needs, inputMeta }, [g]) => {
    const p = args.params as ConvParams;
    const spatial = args.spatial as number;
    const g4 = contiguous(as4d(g!, spatial));
    const f = fusedOf(g4)!;
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (needs[0]) {
      const w = contiguous(as4d(saved.w!.unpack(), spatial));
      const xShape = [...inputMeta[0]!.shape];
      const gx4 = empty(spatial === 1 ? [xShape[0]!, xShape[1]!, 1, xShape[2]!] : xShape, { dtype: g4.dtype, device: g4.device });
      if (!p.transposed) f.conv2dBackwardInput(g4._view(), w._view(), p, gx4._view());
      else f.conv2d(g4._view(), w._view(), null, p, gx4._view());
      gx = gx4.view(...xShape);
    }
    if (needs[1]) {
      const x = contiguous(as4d(saved.x!.unpack(), spatial));
      const wShape = [...inputMeta[1]!.shape];
      const gw4 = empty(spatial === 1 ? [wShape[0]!, wShape[1]!, 1, wShape[2]!] : wShape, { dtype: g4.dtype, device: g4.device });
      if (!p.transposed) f.conv2dBackwardWeight(g4._view(), x._view(), p, gw4._view());
      else f.conv2dBackwardWeight(x._view(), g4._view(), p, gw4._view());
      gw = gw4.view(...wShape);
    }
    if (needs[2]) gb = g4.sum([0, 2, 3]);
    return [gx, gw, gb];
  },
});

/** Validates a convolution's arguments with PyTorch's messages; returns the 4-d input. */
function checkConv(
  name: string, input: Tensor, weight: Tensor, bias: Tensor | null, spatial: number, p: ConvParams,
): void {
  const nd = spatial + 2;
  if (input.dim() !== nd) {
    throw new RuntimeError(`Expected ${nd - 1}D (unbatched) or ${nd}D (batched) input to ${name}, but got input of size: ${shapeList(input)}`);
  }
  if (p.stride.some((s) => s <= 0)) throw new RuntimeError('non-positive stride is not supported');
  if (p.padding.some((s) => s < 0)) throw new RuntimeError('negative padding is not supported');
  if (p.dilation.some((s) => s <= 0)) throw new RuntimeError('dilation should be greater than zero');
  if (p.groups <= 0) throw new RuntimeError('non-positive groups is not supported');
  if (input.dtype !== weight.dtype) {
    throw new RuntimeError(`expected scalar type ${typeNames[input.dtype.name]} but found ${typeNames[weight.dtype.name]}`);
  }
  if (bias && bias.dtype !== input.dtype) {
    throw new RuntimeError(`expected scalar type ${typeNames[input.dtype.name]} but found ${typeNames[bias.dtype.name]}`);
  }
  const C = input.size(1);
  const t = p.transposed ? 1 : 0;
  if (!p.transposed) {
    if (weight.size(0) % p.groups !== 0) {
      throw new RuntimeError(
        `Given groups=${p.groups}, expected weight to be divisible by ${p.groups} at dimension 0, but got weight of size ${shapeList(weight)} instead`,
      );
    }
    if (C !== weight.size(1) * p.groups) {
      throw new RuntimeError(
        `Given groups=${p.groups}, weight of size ${shapeList(weight)}, expected input${shapeList(input)} to have ${weight.size(1) * p.groups} channels, but got ${C} channels instead`,
      );
    }
  } else if (C !== weight.size(0)) {
    throw new RuntimeError(
      `Given transposed=${t}, weight of size ${shapeList(weight)}, expected input${shapeList(input)} to have ${weight.size(0)} channels, but got ${C} channels instead`,
    );
  }
  const O = p.transposed ? weight.size(1) * p.groups : weight.size(0);
  if (bias && (bias.dim() !== 1 || bias.size(0) !== O)) {
    throw new RuntimeError(
      `Given ${p.transposed ? `transposed=${t}, ` : ''}weight of size ${shapeList(weight)}, expected bias to be 1-dimensional with ${O} elements, but got bias of size ${shapeList(bias)} instead`,
    );
  }
  if (p.transposed) {
    const op = p.outputPadding;
    if (op.some((v, i) => v >= p.stride[i]! && v >= p.dilation[i]!)) {
      throw new RuntimeError(
        `output padding must be smaller than either stride or dilation, but got output_padding_height: ${op[0]} output_padding_width: ${op[1]} stride_height: ${p.stride[0]} stride_width: ${p.stride[1]} dilation_height: ${p.dilation[0]} dilation_width: ${p.dilation[1]}`,
      );
    }
    return;
  }
  const spatialIn = input.shape.slice(2);
  const kernel = weight.shape.slice(2);
  const off = 2 - spatial;
  const padded = spatialIn.map((n, i) => n + 2 * p.padding[i + off]!);
  const eff = kernel.map((k, i) => p.dilation[i + off]! * (k - 1) + 1);
  if (padded.some((n, i) => n < eff[i]!)) {
    throw new RuntimeError(
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${eff.join(' x ')}). Kernel size can't be greater than actual input size`,
    );
  }
}

/** The shared body of conv1d/conv2d/convTranspose1d/convTranspose2d. */
function convolution(
  name: string, input: Tensor, weight: Tensor, bias: Tensor | null, spatial: 1 | 2,
  stride: number | number[], padding: number | number[] | 'same' | 'valid', dilation: number | number[],
  groups: number, transposed: boolean, outputPadding: number | number[] = 0,
): Tensor {
  const nd = spatial + 2;
  // Unbatched input: PyTorch unsqueezes and squeezes around the batched op.
  if (input.dim() === nd - 1 && weight.dim() === nd) {
    return convolution(name, input.unsqueeze(0), weight, bias, spatial, stride, padding, dilation, groups, transposed, outputPadding).squeeze(0);
  }
  if (weight.dim() !== nd) {
    throw new RuntimeError(
      `expected stride to be a single integer value or a list of ${weight.dim() - 2} values to match the convolution dimensions, but got stride=[${ntuple(stride, spatial, 'stride').join(', ')}]`,
    );
  }
  const lift = (v: number | number[], fill: number, label: string): [number, number] =>
    spatial === 1 ? [fill, ntuple(v, 1, label)[0]!] : pair(v, label);
  const dil = lift(dilation, 1, 'dilation');
  const str = lift(stride, 1, 'stride');
  let padL: [number, number];
  let x = input;
  if (padding === 'valid') padL = [0, 0];
  else if (padding === 'same') {
    if (str.some((s) => s !== 1)) throw new RuntimeError("padding='same' is not supported for strided convolutions");
    const ks = weight.shape.slice(2);
    const extra: number[] = [];
    const left = ks.map((k, i) => {
      const total = dil[i + 2 - spatial]! * (k - 1);
      const l = Math.floor(total / 2);
      extra.push(total - 2 * l);
      return l;
    });
    // Asymmetric 'same' padding: the odd extra zero goes on the right, as PyTorch pads it.
    if (extra.some((e) => e > 0)) {
      const padNd: number[] = [];
      for (let i = extra.length - 1; i >= 0; i--) padNd.push(0, extra[i]!);
      x = pad(x, padNd);
    }
    padL = spatial === 1 ? [0, left[0]!] : [left[0]!, left[1]!];
  } else if (typeof padding === 'string') {
    throw new RuntimeError(`Invalid padding string: '${padding}'`);
  } else padL = lift(padding, 0, 'padding');
  const p: ConvParams = {
    stride: str, padding: padL, dilation: dil, groups, transposed,
    outputPadding: lift(outputPadding, 0, 'output_padding'),
  };
  checkConv(name, x, weight, bias, spatial, p);
  if (fusedOf(x)) {
    return asOneOp('convolution', [x, weight, bias], { params: p, spatial }, () => {
      const out = fusedForward(as4d(x, spatial), as4d(weight, spatial), bias, p);
      return spatial === 1 ? out.squeeze(2) : out;
    });
  }
  const x4 = spatial === 1 ? x.unsqueeze(2) : x;
  const w4 = spatial === 1 ? weight.unsqueeze(2) : weight;
  const out = transposed ? compositeConvTranspose(x4, w4, bias, p) : compositeConv(x4, w4, bias, p);
  return spatial === 1 ? out.squeeze(2) : out;
}

/** conv2d composed of unfold + matmul (recorded op by op). */
function compositeConv(x: Tensor, w: Tensor, b: Tensor | null, p: ConvParams): Tensor {
  const [N, C, H, W] = x.shape as unknown as [number, number, number, number];
  const [O, Cg, kH, kW] = w.shape as unknown as [number, number, number, number];
  const oH = outSize(H, kH, p, 0), oW = outSize(W, kW, p, 1);
  const cols = unfold(x, [kH, kW], { dilation: p.dilation, padding: p.padding, stride: p.stride });
  const G = p.groups, Og = O / G, K = Cg * kH * kW;
  const parts: Tensor[] = [];
  for (let g = 0; g < G; g++) {
    const wg = w.narrow(0, g * Og, Og).reshape(Og, K);
    const cg = G === 1 ? cols : cols.narrow(1, g * K, K);
    parts.push(wg.matmul(cg));
  }
  let out = G === 1 ? parts[0]! : cat(parts, 1);
  if (b) out = out.add(b.view(1, O, 1));
  return out.view(N, O, oH, oW);
}

/**
 * Transposed conv2d composed of differentiable ops: the input dilated by the stride (zeros
 * between rows and columns), padded by `dilation * (k - 1) - padding` (plus output padding),
 * convolved with the kernel flipped and its channel dims swapped per group.
 */
function compositeConvTranspose(x: Tensor, w: Tensor, b: Tensor | null, p: ConvParams): Tensor {
  const [, , kH, kW] = w.shape as unknown as [number, number, number, number];
  const Cin = w.size(0), G = p.groups, Cig = Cin / G;
  let xd = x;
  for (const [dim, s] of [[2, p.stride[0]], [3, p.stride[1]]] as const) {
    if (s === 1) continue;
    const n = xd.size(dim);
    const zeros = xd.newZeros([...xd.shape.slice(0, dim + 1), s - 1, ...xd.shape.slice(dim + 1)]);
    const inter = cat([xd.unsqueeze(dim + 1), zeros], dim + 1);
    const shape = [...xd.shape];
    shape[dim] = n * s;
    xd = inter.reshape(...shape).narrow(dim, 0, (n - 1) * s + 1);
  }
  const ph = p.dilation[0] * (kH - 1) - p.padding[0], pw = p.dilation[1] * (kW - 1) - p.padding[1];
  xd = pad(xd, [pw, pw + p.outputPadding[1], ph, ph + p.outputPadding[0]]);
  const flipH = flipIndex(kH, x), flipW = flipIndex(kW, x);
  const wf = w.indexSelect(2, flipH).indexSelect(3, flipW);
  const groups: Tensor[] = [];
  for (let g = 0; g < G; g++) groups.push(wf.narrow(0, g * Cig, Cig).transpose(0, 1));
  const wt = G === 1 ? groups[0]! : cat(groups, 0);
  return compositeConv(xd, wt, b, {
    stride: [1, 1], padding: [0, 0], dilation: p.dilation, groups: G, transposed: false, outputPadding: [0, 0],
  });
}

function flipIndex(n: number, like: Tensor): Tensor {
  return noGrad(() => like.newTensor(Array.from({ length: n }, (_, i) => n - 1 - i), { dtype: 'int64' }));
}

type ConvArgs = [
  bias?: Tensor | null,
  stride?: number | number[] | ConvOptions,
  padding?: number | number[] | 'same' | 'valid',
  dilation?: number | number[],
  groups?: number,
];

function convArgs(args: ConvArgs): { bias: Tensor | null; o: Required<ConvOptions> } {
  const [bias, stride, padding, dilation, groups] = args;
  if (bias !== null && bias !== undefined && !('_storage' in (bias as object))) {
    return convArgs([null, bias as unknown as ConvOptions]);
  }
  const o: ConvOptions = typeof stride === 'object' && !Array.isArray(stride) ? stride : { stride, padding, dilation, groups };
  return {
    bias: bias ?? null,
    o: { stride: o.stride ?? 1, padding: o.padding ?? 0, dilation: o.dilation ?? 1, groups: o.groups ?? 1 },
  };
}

/**
 * 2-d convolution over a `[N, C, H, W]` (or unbatched `[C, H, W]`) input with a
 * `[O, C / groups, kH, kW]` weight. Arguments after `weight` are positional as in PyTorch, or
 * one options object.
 *
 * @example
 * ```ts
 * const y = F.conv2d(x, w, b);                         // stride 1, no padding
 * const z = F.conv2d(x, w, null, { padding: 'same' });
 * const u = F.conv2d(x, w, b, 2, 1);                   // stride 2, padding 1
 * ```
 */
export function conv2d(input: Tensor, weight: Tensor, ...args: ConvArgs): Tensor {
  const { bias, o } = convArgs(args);
  return convolution('conv2d', input, weight, bias, 2, o.stride, o.padding, o.dilation, o.groups, false);
}

/** 1-d convolution over `[N, C, L]` (or `[C, L]`) with a `[O, C / groups, k]` weight. */
export function conv1d(input: Tensor, weight: Tensor, ...args: ConvArgs): Tensor {
  const { bias, o } = convArgs(args);
  return convolution('conv1d', input, weight, bias, 1, o.stride, o.padding, o.dilation, o.groups, false);
}

type ConvTransposeArgs = [
  bias?: Tensor | null,
  stride?: number | number[] | ConvTransposeOptions,
  padding?: number | number[],
  outputPadding?: number | number[],
  groups?: number,
  dilation?: number | number[],
];

function convTransposeArgs(args: ConvTransposeArgs): { bias: Tensor | null; o: Required<ConvTransposeOptions> } {
  const [bias, stride, padding, outputPadding, groups, dilation] = args;
  const o: ConvTransposeOptions = typeof stride === 'object' && !Array.isArray(stride)
    ? stride : { stride, padding, outputPadding, groups, dilation };
  return {
    bias: bias ?? null,
    o: {
      stride: o.stride ?? 1, padding: o.padding ?? 0, outputPadding: o.outputPadding ?? 0,
      groups: o.groups ?? 1, dilation: o.dilation ?? 1,
    },
  };
}

/**
 * 2-d transposed convolution ("deconvolution") with a `[C, O / groups, kH, kW]` weight;
 * arguments after `weight` are PyTorch's (`bias, stride, padding, outputPadding, groups,
 * dilation`) or one options object.
 */
export function convTranspose2d(input: Tensor, weight: Tensor, ...args: ConvTransposeArgs): Tensor {
  const { bias, o } = convTransposeArgs(args);
  return convolution('conv_transpose2d', input, weight, bias, 2, o.stride, o.padding, o.dilation, o.groups, true, o.outputPadding);
}

/** 1-d transposed convolution with a `[C, O / groups, k]` weight. */
export function convTranspose1d(input: Tensor, weight: Tensor, ...args: ConvTransposeArgs): Tensor {
  const { bias, o } = convTransposeArgs(args);
  return convolution('conv_transpose1d', input, weight, bias, 1, o.stride, o.padding, o.dilation, o.groups, true, o.outputPadding);
}

/** Options of {@link unfold}. */
export interface UnfoldOptions {
  /** Spacing between kernel elements (default 1). */
  dilation?: number | number[];
  /** Zero padding on both sides (default 0). */
  padding?: number | number[];
  /** Stride of the sliding blocks (default 1). */
  stride?: number | number[];
}

/**
 * Extracts sliding blocks (im2col): `[N, C, H, W]` to `[N, C * kH * kW, L]`, L the number of
 * block positions, channel-major as PyTorch's `F.unfold`.
 *
 * @example
 * ```ts
 * F.unfold(torch.randn(1, 3, 10, 12), [2, 3]).shape; // [1, 18, 90]
 * ```
 */
export function unfold(input: Tensor, kernelSize: number | number[], options: UnfoldOptions = {}): Tensor {
  if (input.dim() === 3) return unfold(input.unsqueeze(0), kernelSize, options).squeeze(0);
  if (input.dim() !== 4) {
    throw new RuntimeError(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${shapeList(input)}`);
  }
  const [kH, kW] = pair(kernelSize, 'kernel_size');
  const [dH, dW] = pair(options.dilation ?? 1, 'dilation');
  const [pH, pW] = pair(options.padding ?? 0, 'padding');
  const [sH, sW] = pair(options.stride ?? 1, 'stride');
  const [N, C, H, W] = input.shape as unknown as [number, number, number, number];
  const oH = Math.floor((H + 2 * pH - dH * (kH - 1) - 1) / sH) + 1;
  const oW = Math.floor((W + 2 * pW - dW * (kW - 1) - 1) / sW) + 1;
  if (oH < 1 || oW < 1) {
    throw new RuntimeError(
      `Given input with spatial size (${H}, ${W}), kernel_size=(${kH}, ${kW}), dilation=(${dH}, ${dW}), padding=(${pH}, ${pW}), calculated shape of the array of sliding blocks as (${oH}, ${oW}), but its components must be at least one.`,
    );
  }
  const xp = pH || pW ? pad(input, [pW, pW, pH, pH]) : input;
  const patches: Tensor[] = [];
  for (let i = 0; i < kH; i++) {
    for (let j = 0; j < kW; j++) {
      const h0 = i * dH, w0 = j * dW;
      patches.push(xp.index(':', ':', `${h0}:${h0 + sH * (oH - 1) + 1}:${sH}`, `${w0}:${w0 + sW * (oW - 1) + 1}:${sW}`));
    }
  }
  return stack(patches, 2).reshape(N, C * kH * kW, oH * oW);
}
