import { float64, fromTypedArray, isTensor, type Tensor } from '@torchts/core';
import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, fmt } from './transform.js';
import { tensorData, typeOf } from './image-ops.js';
import { allocFloat32 } from './float-pool.js';

/** Options of {@link Normalize}. */
export interface NormalizeOptions {
  /** Write into the input tensor (default false). */
  inplace?: boolean;
}

/**
 * `(x - mean[c]) / std[c]` per channel of a float tensor image `[..., C, H, W]`
 * (torchvision's `Normalize`), in the tensor's precision: for float32, `mean` and `std`
 * are rounded to float32 and each step is rounded as PyTorch's `sub_` then `div_`.
 *
 * @example
 * ```ts
 * const normalize = new Normalize([0.4914, 0.4822, 0.4465], [0.247, 0.243, 0.261]);
 * ```
 */
export class Normalize extends Transform<Tensor, Tensor> {
  /** Mean of each channel. */
  readonly mean: readonly number[];
  /** Standard deviation of each channel. */
  readonly std: readonly number[];
  /** Whether the input tensor is modified in place. */
  readonly inplace: boolean;

  constructor(mean: number | readonly number[], std: number | readonly number[], options: NormalizeOptions = {}) {
    super();
    this.mean = typeof mean === 'number' ? [mean] : [...mean];
    this.std = typeof std === 'number' ? [std] : [...std];
    this.inplace = options.inplace ?? false;
  }

  forward(input: Tensor): Tensor {
    if (!isTensor(input)) throw new TypeError(`Input tensor should be a torch tensor. Got ${typeOf(input)}.`);
    if (!input.dtype.isFloatingPoint) throw new TypeError(`Input tensor should be a float tensor. Got ${input.dtype}.`);
    const shape = input.shape;
    if (shape.length < 3) {
      throw new RangeError(`Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = [${shape.join(', ')}]`);
    }
    const double = input.dtype === float64;
    const r = double ? (x: number) => x : Math.fround;
    const c = shape[shape.length - 3]!;
    const hw = shape[shape.length - 2]! * shape[shape.length - 1]!;
    for (const [name, v] of [['mean', this.mean], ['std', this.std]] as const) {
      if (v.length !== 1 && v.length !== c) {
        throw new RangeError(`The size of tensor a (${c}) must match the size of tensor b (${v.length}) at non-singleton dimension 0 (Normalize ${name} has ${v.length} values for ${c} channels)`);
      }
    }
    const mean = Array.from({ length: c }, (_, k) => r(this.mean[this.mean.length === 1 ? 0 : k]!));
    const std = Array.from({ length: c }, (_, k) => r(this.std[this.std.length === 1 ? 0 : k]!));
    if (std.some((s) => s === 0)) {
      throw new RangeError(`std evaluated to zero after conversion to ${input.dtype}, leading to division by zero.`);
    }
    const src = tensorData(input);
    const writeBack = this.inplace && input.device.type === 'cpu' && input.isContiguous();
    const planes = src.length / hw;
    let out: Float32Array | Float64Array;
    if (double) {
      const a = src as Float64Array;
      const o = writeBack ? a : new Float64Array(a.length);
      for (let p = 0; p < planes; p++) {
        const m = mean[p % c]!, s = std[p % c]!;
        for (let i = p * hw, e = i + hw; i < e; i++) o[i] = (a[i]! - m) / s;
      }
      out = o;
    } else {
      // float32 (and float16 storage): each step rounded to float32, as sub_ then div_
      const a = src as Float32Array;
      const o = writeBack ? a : allocFloat32(a.length);
      const fr = Math.fround;
      for (let p = 0; p < planes; p++) {
        const m = mean[p % c]!, s = std[p % c]!;
        for (let i = p * hw, e = i + hw; i < e; i++) o[i] = fr(a[i]! - m) / s;
      }
      out = o;
    }
    if (writeBack) return input;
    const result = fromTypedArray(out, [...shape], { dtype: input.dtype });
    if (this.inplace) {
      input.copy_(result);
      return input;
    }
    return input.device.type === 'cpu' ? result : result.to(input.device);
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('Normalize', [this.mean, this.std, { inplace: this.inplace }]);
  }

  override toString(): string {
    return `Normalize(mean=${fmt(this.mean)}, std=${fmt(this.std)})`;
  }
}
