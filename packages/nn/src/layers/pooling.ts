/**
 * Pooling layers: `nn.MaxPool1d`, `nn.MaxPool2d`, `nn.AvgPool1d`, `nn.AvgPool2d`,
 * `nn.AdaptiveAvgPool1d`, `nn.AdaptiveAvgPool2d`.
 * @module
 */
import type { Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import type { AvgPoolOptions, MaxPoolOptions } from '../functional/pooling.js';
import { Module } from '../module.js';
import { pyBool, pyIntOrTuple } from './repr.js';

type KernelArg = number | number[];

function maxPoolOpts(rest: unknown[]): MaxPoolOptions {
  const first = rest[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) return first as MaxPoolOptions;
  const [stride, padding, dilation, returnIndices, ceilMode] = rest as [
    KernelArg | null | undefined, KernelArg | undefined, KernelArg | undefined, boolean | undefined, boolean | undefined,
  ];
  return { stride, padding, dilation, returnIndices, ceilMode };
}

/** The common part of the max-pooling layers. */
abstract class MaxPoolNd extends Module<[Tensor], any> {
  /** Size of the window. */
  kernelSize: KernelArg;
  /** Step of the window (defaults to the kernel size). */
  stride: KernelArg;
  /** Implicit -Infinity padding on each side. */
  padding: KernelArg;
  /** Spacing between the elements of the window. */
  dilation: KernelArg;
  /** Whether the forward returns `[output, indices]`. */
  returnIndices: boolean;
  /** Whether the output size rounds up instead of down. */
  ceilMode: boolean;
  constructor(kernelSize: KernelArg, rest: unknown[]) {
    super();
    const o = maxPoolOpts(rest);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = o.returnIndices ?? false;
    this.ceilMode = o.ceilMode ?? false;
  }
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}, dilation=${pyIntOrTuple(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
  /** @internal */
  _opts(): MaxPoolOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode, returnIndices: this.returnIndices };
  }
}

/**
 * 2-d max pooling. Arguments after `kernelSize` are PyTorch's positional ones (`stride,
 * padding, dilation, returnIndices, ceilMode`) or one options object; with `returnIndices`,
 * `forward` returns `[values, indices]`.
 *
 * @example
 * ```ts
 * const pool = new nn.MaxPool2d(2, 2);
 * String(pool); // 'MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * ```
 */
export class MaxPool2d extends MaxPoolNd {
  constructor(kernelSize: KernelArg, stride?: KernelArg | null | MaxPoolOptions, padding?: KernelArg, dilation?: KernelArg,
    returnIndices?: boolean, ceilMode?: boolean) {
    super(kernelSize, [stride, padding, dilation, returnIndices, ceilMode]);
  }
  override forward(input: Tensor): any {
    return F.maxPool2d(input, this.kernelSize, this._opts() as MaxPoolOptions & { returnIndices: true });
  }
}

/** 1-d max pooling; arguments as {@link MaxPool2d}'s. */
export class MaxPool1d extends MaxPoolNd {
  constructor(kernelSize: KernelArg, stride?: KernelArg | null | MaxPoolOptions, padding?: KernelArg, dilation?: KernelArg,
    returnIndices?: boolean, ceilMode?: boolean) {
    super(kernelSize, [stride, padding, dilation, returnIndices, ceilMode]);
  }
  override forward(input: Tensor): any {
    return F.maxPool1d(input, this.kernelSize, this._opts() as MaxPoolOptions & { returnIndices: true });
  }
}

function avgPoolOpts(rest: unknown[]): AvgPoolOptions {
  const first = rest[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) return first as AvgPoolOptions;
  const [stride, padding, ceilMode, countIncludePad, divisorOverride] = rest as [
    KernelArg | null | undefined, KernelArg | undefined, boolean | undefined, boolean | undefined, number | null | undefined,
  ];
  return { stride, padding, ceilMode, countIncludePad, divisorOverride };
}

/**
 * 2-d average pooling. Arguments after `kernelSize`: PyTorch's (`stride, padding, ceilMode,
 * countIncludePad, divisorOverride`) or one options object.
 */
export class AvgPool2d extends Module<[Tensor], Tensor> {
  /** Size of the window. */
  kernelSize: KernelArg;
  /** Step of the window (defaults to the kernel size). */
  stride: KernelArg;
  /** Implicit zeros on each side. */
  padding: KernelArg;
  /** Whether the output size rounds up instead of down. */
  ceilMode: boolean;
  /** Whether padding zeros count in the average. */
  countIncludePad: boolean;
  /** Divisor used instead of the window size, or null. */
  divisorOverride: number | null;
  constructor(kernelSize: KernelArg, stride?: KernelArg | null | AvgPoolOptions, padding?: KernelArg, ceilMode?: boolean,
    countIncludePad?: boolean, divisorOverride?: number | null) {
    super();
    const o = avgPoolOpts([stride, padding, ceilMode, countIncludePad, divisorOverride]);
    this.kernelSize = kernelSize;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
    this.divisorOverride = o.divisorOverride ?? null;
  }
  override forward(input: Tensor): Tensor {
    return F.avgPool2d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}

/** 1-d average pooling. Arguments after `kernelSize`: `stride, padding, ceilMode, countIncludePad`. */
export class AvgPool1d extends Module<[Tensor], Tensor> {
  /** Size of the window. */
  kernelSize: KernelArg;
  /** Step of the window (defaults to the kernel size). */
  stride: KernelArg;
  /** Implicit zeros on each side. */
  padding: KernelArg;
  /** Whether the output size rounds up instead of down. */
  ceilMode: boolean;
  /** Whether padding zeros count in the average. */
  countIncludePad: boolean;
  constructor(kernelSize: KernelArg, stride?: KernelArg | null | AvgPoolOptions, padding?: KernelArg, ceilMode?: boolean,
    countIncludePad?: boolean) {
    super();
    const o = avgPoolOpts([stride, padding, ceilMode, countIncludePad]);
    // PyTorch stores 1-d pooling arguments as 1-tuples.
    const one = (v: KernelArg): number[] => (typeof v === 'number' ? [v] : [...v]);
    this.kernelSize = one(kernelSize);
    this.stride = one(o.stride ?? kernelSize);
    this.padding = one(o.padding ?? 0);
    this.ceilMode = o.ceilMode ?? false;
    this.countIncludePad = o.countIncludePad ?? true;
  }
  override forward(input: Tensor): Tensor {
    return F.avgPool1d(input, this.kernelSize, {
      stride: this.stride, padding: this.padding, ceilMode: this.ceilMode, countIncludePad: this.countIncludePad,
    });
  }
  override extraRepr(): string {
    return `kernel_size=${pyIntOrTuple(this.kernelSize)}, stride=${pyIntOrTuple(this.stride)}, padding=${pyIntOrTuple(this.padding)}`;
  }
}

/**
 * Adaptive average pooling to `outputSize` (`[oH, oW]`, one number for square, `null` to keep
 * an input size).
 */
export class AdaptiveAvgPool2d extends Module<[Tensor], Tensor> {
  /** Output height and width (one number for both; null keeps the input size). */
  outputSize: number | (number | null)[];
  constructor(outputSize: number | (number | null)[]) {
    super();
    this.outputSize = outputSize;
  }
  override forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }
  override extraRepr(): string {
    const o = this.outputSize;
    return `output_size=${typeof o === 'number' ? o : `(${o.map((v) => (v === null ? 'None' : v)).join(', ')})`}`;
  }
}

/** Adaptive average pooling over the last dim to `outputSize`. */
export class AdaptiveAvgPool1d extends Module<[Tensor], Tensor> {
  /** Output length. */
  outputSize: number;
  constructor(outputSize: number) {
    super();
    this.outputSize = outputSize;
  }
  override forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool1d(input, this.outputSize);
  }
  override extraRepr(): string {
    return `output_size=${this.outputSize}`;
  }
}
