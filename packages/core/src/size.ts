/**
 * `torch.Size`: a shape that prints as PyTorch prints it.
 * @module
 */
import { formatSize } from './printing/format-size.js';

/**
 * The shape of a tensor, as returned by `x.size()` and `x.shape`: an array of numbers that
 * prints like PyTorch's `torch.Size([5, 3])`.
 *
 * @example
 * ```ts
 * torch.zeros(5, 3).size(); // torch.Size([5, 3])
 * const [rows, cols] = x.shape;
 * ```
 */
export class Size extends Array<number> {
  /** Builds a Size from an array of dims. */
  static fromShape(shape: readonly number[]): Size {
    const s = new Size();
    for (const d of shape) s.push(d);
    return Object.freeze(s) as Size;
  }
  /** Number of elements a tensor of this shape holds. */
  numel(): number {
    let n = 1;
    for (const d of this) n *= d;
    return n;
  }
  override toString(): string {
    return formatSize(this);
  }
  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
  /** Array methods such as `map` create plain arrays, not Sizes. */
  static override get [Symbol.species](): ArrayConstructor {
    return Array;
  }
}
