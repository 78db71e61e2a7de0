/**
 * `nn.Identity`, `nn.Linear`, `nn.Bilinear`.
 * @module
 */
import { empty, type DeviceLike, type DTypeLike, type Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import { calculateFanInAndFanOut, kaimingUniform_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { pyBool } from './repr.js';

/** Where and in which dtype a layer creates its parameters (`device=`, `dtype=`). */
export interface FactoryKwargs {
  /** Device of the parameters (default: the default device). */
  device?: DeviceLike;
  /** Dtype of the parameters (default: the default float dtype). */
  dtype?: DTypeLike;
}

/** Options of {@link Linear} and {@link Bilinear}. */
export interface LinearOptions extends FactoryKwargs {
  /** Learn an additive bias (default true). */
  bias?: boolean;
}

/** @internal Splits `bias | options`. */
export function linearOptions(bias: boolean | LinearOptions | undefined): Required<Pick<LinearOptions, 'bias'>> & FactoryKwargs {
  const o = typeof bias === 'object' ? bias : { bias };
  return { bias: o.bias ?? true, device: o.device, dtype: o.dtype };
}

/** A placeholder that returns its input (arguments are ignored). */
export class Identity extends Module<[Tensor], Tensor> {
  constructor(..._args: unknown[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * `y = x W^T + b`, with W `[outFeatures, inFeatures]` initialised as PyTorch's
 * (`kaimingUniform_(W, sqrt(5))`, b from U(-1/sqrt(in), 1/sqrt(in))).
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(20, 30);
 * fc(torch.randn(128, 20)).shape; // [128, 30]
 * String(fc);                     // 'Linear(in_features=20, out_features=30, bias=True)'
 * ```
 */
export class Linear extends Module<[Tensor], Tensor> {
  /** Size of each input sample. */
  inFeatures: number;
  /** Size of each output sample. */
  outFeatures: number;
  /** `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** `[outFeatures]`, or null without bias. */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, bias: boolean | LinearOptions = true) {
    super();
    const o = linearOptions(bias);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const fk = { device: o.device, dtype: o.dtype };
    this.weight = new Parameter(empty([outFeatures, inFeatures], fk));
    this.bias = o.bias ? new Parameter(empty([outFeatures], fk)) : null;
    this.resetParameters();
  }

  /** Re-draws the weights as the constructor does. */
  resetParameters(): void {
    kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}

/** `y = x1^T A x2 + b` per output feature, A `[out, in1, in2]`. */
export class Bilinear extends Module<[Tensor, Tensor], Tensor> {
  /** Size of each first input sample. */
  in1Features: number;
  /** Size of each second input sample. */
  in2Features: number;
  /** Size of each output sample. */
  outFeatures: number;
  /** `[outFeatures, in1Features, in2Features]`. */
  weight: Parameter;
  /** `[outFeatures]`, or null. */
  bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, bias: boolean | LinearOptions = true) {
    super();
    const o = linearOptions(bias);
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    const fk = { device: o.device, dtype: o.dtype };
    this.weight = new Parameter(empty([outFeatures, in1Features, in2Features], fk));
    this.bias = o.bias ? new Parameter(empty([outFeatures], fk)) : null;
    this.resetParameters();
  }

  /** U(-1/sqrt(in1), 1/sqrt(in1)) for weight and bias, as PyTorch. */
  resetParameters(): void {
    const bound = 1 / Math.sqrt(this.weight.size(1));
    uniform_(this.weight, -bound, bound);
    if (this.bias) uniform_(this.bias, -bound, bound);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}`;
  }
}
