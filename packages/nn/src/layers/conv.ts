/**
 * Convolution layers: `nn.Conv1d`, `nn.Conv2d`, `nn.ConvTranspose1d`, `nn.ConvTranspose2d`,
 * initialised as PyTorch's (`kaimingUniform_(weight, sqrt(5))`, bias from
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn))) and printed as PyTorch prints them.
 * @module
 */
import { empty, RuntimeError, ValueError, type Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import type { PadMode } from '../functional/pad.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { FactoryKwargs } from './linear.js';
import { pyTuple } from './repr.js';

/** How a conv layer pads: zeros (in the conv), or by `F.pad` in one of its modes. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Options of the conv layers (PyTorch's keyword arguments). */
export interface ConvLayerOptions extends FactoryKwargs {
  /** Stride (default 1). */
  stride?: number | number[];
  /** Padding on both sides (default 0), or `'same'` / `'valid'`. */
  padding?: number | number[] | 'same' | 'valid';
  /** Spacing between kernel elements (default 1). */
  dilation?: number | number[];
  /** Blocked connections from input to output channels (default 1). */
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** `'zeros'` (default), `'reflect'`, `'replicate'` or `'circular'`. */
  paddingMode?: PaddingMode;
}

/** Options of the transposed conv layers. */
export interface ConvTransposeLayerOptions extends FactoryKwargs {
  /** Stride (default 1). */
  stride?: number | number[];
  /** `dilation * (kernel_size - 1) - padding` zeros are added to both sides (default 0). */
  padding?: number | number[];
  /** Extra size added to one side of the output (default 0). */
  outputPadding?: number | number[];
  /** Blocked connections from input to output channels (default 1). */
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Spacing between kernel elements (default 1). */
  dilation?: number | number[];
  /** Only `'zeros'`, as PyTorch. */
  paddingMode?: 'zeros';
}

function tuple(v: number | readonly number[], n: number): number[] {
  return typeof v === 'number' ? Array<number>(n).fill(v) : [...v];
}

/** The common part of the convolution layers (PyTorch's `_ConvNd`). */
export abstract class ConvNd<I extends unknown[] = [input: Tensor]> extends Module<I, Tensor> {
  /** Channels of the input. */
  inChannels: number;
  /** Channels the convolution produces. */
  outChannels: number;
  /** Kernel size per spatial dim. */
  kernelSize: number[];
  /** Stride per spatial dim. */
  stride: number[];
  /** Padding per spatial dim, or `'same'` / `'valid'`. */
  padding: number[] | 'same' | 'valid';
  /** Dilation per spatial dim. */
  dilation: number[];
  /** Whether this is a transposed convolution. */
  transposed: boolean;
  /** Output padding per spatial dim (transposed convolutions). */
  outputPadding: number[];
  /** Blocked connections from input to output channels. */
  groups: number;
  /** How the input is padded. */
  paddingMode: PaddingMode;
  /** @internal F.pad's argument for the non-zero padding modes. */
  _reversedPaddingRepeatedTwice: number[];
  /** `[out, in / groups, ...kernel]` (transposed: `[in, out / groups, ...kernel]`). */
  weight: Parameter;
  /** `[out]`, or null. */
  bias: Parameter | null;

  constructor(
    n: number, inChannels: number, outChannels: number, kernelSize: number | number[],
    stride: number | number[], padding: number | number[] | 'same' | 'valid', dilation: number | number[],
    transposed: boolean, outputPadding: number | number[], groups: number, bias: boolean, paddingMode: PaddingMode,
    factory: FactoryKwargs,
  ) {
    super();
    if (groups <= 0) throw new ValueError('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new ValueError('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new ValueError('out_channels must be divisible by groups');
    const validModes = ['zeros', 'reflect', 'replicate', 'circular'];
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') {
        throw new ValueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      }
      if (padding === 'same' && tuple(stride, n).some((s) => s !== 1)) {
        throw new ValueError("padding='same' is not supported for strided convolutions");
      }
    }
    if (!validModes.includes(paddingMode)) {
      throw new ValueError(`padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${paddingMode}'`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = tuple(kernelSize, n);
    this.stride = tuple(stride, n);
    this.padding = typeof padding === 'string' ? padding : tuple(padding, n);
    this.dilation = tuple(dilation, n);
    this.transposed = transposed;
    this.outputPadding = tuple(outputPadding, n);
    this.groups = groups;
    this.paddingMode = paddingMode;
    if (typeof this.padding === 'string') {
      this._reversedPaddingRepeatedTwice = Array<number>(2 * n).fill(0);
      if (this.padding === 'same') {
        for (let i = n - 1, j = 0; i >= 0; i--, j++) {
          const total = this.dilation[i]! * (this.kernelSize[i]! - 1);
          const left = Math.floor(total / 2);
          this._reversedPaddingRepeatedTwice[2 * j] = left;
          this._reversedPaddingRepeatedTwice[2 * j + 1] = total - left;
        }
      }
    } else {
      this._reversedPaddingRepeatedTwice = [...this.padding].reverse().flatMap((p) => [p, p]);
    }
    const shape = transposed
      ? [inChannels, outChannels / groups, ...this.kernelSize]
      : [outChannels, inChannels / groups, ...this.kernelSize];
    this.weight = new Parameter(empty(shape, factory));
    this.bias = bias ? new Parameter(empty([outChannels], factory)) : null;
    this.resetParameters();
  }

  /** Re-draws the weights as the constructor does. */
  resetParameters(): void {
    kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pyTuple(this.kernelSize)}, stride=${pyTuple(this.stride)}`;
    const p = this.padding;
    if (typeof p === 'string') s += `, padding=${p}`;
    else if (p.some((v) => v !== 0)) s += `, padding=${pyTuple(p)}`;
    if (this.dilation.some((v) => v !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.outputPadding.some((v) => v !== 0)) s += `, output_padding=${pyTuple(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    if (this.paddingMode !== 'zeros') s += `, padding_mode=${this.paddingMode}`;
    return s;
  }

  /** @internal The conv, with the padding mode applied by F.pad when it is not zeros. */
  _conv(fn: typeof F.conv2d, input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    if (this.paddingMode !== 'zeros') {
      const padded = F.pad(input, this._reversedPaddingRepeatedTwice, this.paddingMode as PadMode);
      return fn(padded, weight, bias, { stride: this.stride, padding: 0, dilation: this.dilation, groups: this.groups });
    }
    return fn(input, weight, bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }
}

function convOpts(
  stride: number | number[] | ConvLayerOptions | undefined, padding: ConvLayerOptions['padding'], dilation: number | number[] | undefined,
  groups: number | undefined, bias: boolean | undefined, paddingMode: PaddingMode | undefined,
): ConvLayerOptions {
  if (typeof stride === 'object' && !Array.isArray(stride)) return stride;
  return { stride, padding, dilation, groups, bias, paddingMode };
}

/**
 * 2-d convolution over `[N, C, H, W]`. Arguments after `kernelSize` are PyTorch's positional
 * ones (`stride, padding, dilation, groups, bias, paddingMode`) or one options object.
 *
 * @example
 * ```ts
 * const conv = new nn.Conv2d(1, 6, 5);
 * String(conv);                                     // 'Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))'
 * new nn.Conv2d(16, 33, [3, 5], { stride: 2, padding: [4, 2] });
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(
    inChannels: number, outChannels: number, kernelSize: number | number[],
    stride?: number | number[] | ConvLayerOptions, padding?: ConvLayerOptions['padding'], dilation?: number | number[],
    groups?: number, bias?: boolean, paddingMode?: PaddingMode,
  ) {
    const o = convOpts(stride, padding, dilation, groups, bias, paddingMode);
    super(2, inChannels, outChannels, kernelSize, o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1, false, 0,
      o.groups ?? 1, o.bias ?? true, o.paddingMode ?? 'zeros', { device: o.device, dtype: o.dtype });
  }
  override forward(input: Tensor): Tensor {
    return this._conv(F.conv2d, input, this.weight, this.bias);
  }
}

/** 1-d convolution over `[N, C, L]`; arguments as {@link Conv2d}'s. */
export class Conv1d extends ConvNd {
  constructor(
    inChannels: number, outChannels: number, kernelSize: number | number[],
    stride?: number | number[] | ConvLayerOptions, padding?: ConvLayerOptions['padding'], dilation?: number | number[],
    groups?: number, bias?: boolean, paddingMode?: PaddingMode,
  ) {
    const o = convOpts(stride, padding, dilation, groups, bias, paddingMode);
    super(1, inChannels, outChannels, kernelSize, o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1, false, 0,
      o.groups ?? 1, o.bias ?? true, o.paddingMode ?? 'zeros', { device: o.device, dtype: o.dtype });
  }
  override forward(input: Tensor): Tensor {
    return this._conv(F.conv1d, input, this.weight, this.bias);
  }
}

function convTOpts(
  stride: number | number[] | ConvTransposeLayerOptions | undefined, padding: number | number[] | undefined,
  outputPadding: number | number[] | undefined, groups: number | undefined, bias: boolean | undefined,
  dilation: number | number[] | undefined,
): ConvTransposeLayerOptions {
  if (typeof stride === 'object' && !Array.isArray(stride)) return stride;
  return { stride, padding, outputPadding, groups, bias, dilation };
}

/** The output padding that makes a transposed conv produce `outputSize` (PyTorch's `_output_padding`). */
function outputPaddingFor(
  layer: ConvNd<any>, input: Tensor, outputSize: number[] | null | undefined, n: number,
): number[] {
  if (!outputSize) return layer.outputPadding;
  const hasBatch = input.dim() === n + 2;
  let size = [...outputSize];
  if (size.length === n + 2 || (size.length === n + 1 && !hasBatch)) size = size.slice(size.length - n);
  if (size.length !== n) {
    throw new ValueError(`ConvTranspose${n}D: for ${input.dim()}D input, output_size must have ${n} or ${n + (hasBatch ? 2 : 1)} elements (got ${outputSize.length})`);
  }
  const spatial = input.shape.slice(input.dim() - n);
  const pad = layer.padding as number[];
  const res: number[] = [];
  for (let d = 0; d < n; d++) {
    const minSize = (spatial[d]! - 1) * layer.stride[d]! - 2 * pad[d]! + layer.dilation[d]! * (layer.kernelSize[d]! - 1) + 1;
    const maxSize = minSize + layer.stride[d]! - 1;
    if (size[d]! < minSize || size[d]! > maxSize) {
      throw new ValueError(
        `requested an output size of [${outputSize.join(', ')}], but valid sizes range from [${spatial.map((_, i) => (spatial[i]! - 1) * layer.stride[i]! - 2 * pad[i]! + layer.dilation[i]! * (layer.kernelSize[i]! - 1) + 1).join(', ')}] to [${spatial.map((_, i) => (spatial[i]! - 1) * layer.stride[i]! - 2 * pad[i]! + layer.dilation[i]! * (layer.kernelSize[i]! - 1) + layer.stride[i]!).join(', ')}] (for an input of [${spatial.join(', ')}])`,
      );
    }
    res.push(size[d]! - minSize);
  }
  return res;
}

/**
 * 2-d transposed convolution; arguments after `kernelSize` are PyTorch's (`stride, padding,
 * outputPadding, groups, bias, dilation`) or one options object. `forward(x, outputSize?)`.
 */
export class ConvTranspose2d extends ConvNd<[input: Tensor, outputSize?: number[] | null]> {
  constructor(
    inChannels: number, outChannels: number, kernelSize: number | number[],
    stride?: number | number[] | ConvTransposeLayerOptions, padding?: number | number[], outputPadding?: number | number[],
    groups?: number, bias?: boolean, dilation?: number | number[],
  ) {
    const o = convTOpts(stride, padding, outputPadding, groups, bias, dilation);
    if (o.paddingMode !== undefined && o.paddingMode !== 'zeros') {
      throw new ValueError(`Only "zeros" padding mode is supported for ConvTranspose2d`);
    }
    super(2, inChannels, outChannels, kernelSize, o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1, true,
      o.outputPadding ?? 0, o.groups ?? 1, o.bias ?? true, 'zeros', { device: o.device, dtype: o.dtype });
  }
  override forward(input: Tensor, outputSize?: number[] | null): Tensor {
    if (input.dim() !== 3 && input.dim() !== 4) {
      throw new RuntimeError(`Expected 3D (unbatched) or 4D (batched) input to conv_transpose2d, but got input of size: [${input.shape.join(', ')}]`);
    }
    const op = outputPaddingFor(this, input, outputSize, 2);
    return F.convTranspose2d(input, this.weight, this.bias, {
      stride: this.stride, padding: this.padding as number[], outputPadding: op, groups: this.groups, dilation: this.dilation,
    });
  }
}

/** 1-d transposed convolution; arguments as {@link ConvTranspose2d}'s. */
export class ConvTranspose1d extends ConvNd<[input: Tensor, outputSize?: number[] | null]> {
  constructor(
    inChannels: number, outChannels: number, kernelSize: number | number[],
    stride?: number | number[] | ConvTransposeLayerOptions, padding?: number | number[], outputPadding?: number | number[],
    groups?: number, bias?: boolean, dilation?: number | number[],
  ) {
    const o = convTOpts(stride, padding, outputPadding, groups, bias, dilation);
    super(1, inChannels, outChannels, kernelSize, o.stride ?? 1, o.padding ?? 0, o.dilation ?? 1, true,
      o.outputPadding ?? 0, o.groups ?? 1, o.bias ?? true, 'zeros', { device: o.device, dtype: o.dtype });
  }
  override forward(input: Tensor, outputSize?: number[] | null): Tensor {
    const op = outputPaddingFor(this, input, outputSize, 1);
    return F.convTranspose1d(input, this.weight, this.bias, {
      stride: this.stride, padding: this.padding as number[], outputPadding: op, groups: this.groups, dilation: this.dilation,
    });
  }
}
