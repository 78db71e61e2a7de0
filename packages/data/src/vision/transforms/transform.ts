/**
 * The transform base class: a callable object (`transform(img)`), as torchvision's
 * transforms are.
 * @module
 */
import type { WorkerSpec } from '../../utils/data/worker/worker-spec.js';

// The call signature makes instances callable for TypeScript; the constructor makes it true.
export interface Transform<I = any, O = any> {
  (input: I): O;
}

/**
 * Base class of the transforms: define `forward`; instances are callable like functions
 * (`t(img)` is `t.forward(img)`), so any place taking a transform also takes a plain
 * function. A built-in transform describes itself to DataLoader worker threads
 * (`workerSpec()`); a user transform that should run in workers defines `workerSpec()` too,
 * or the dataset is built with {@link utils.data.workerDataset}.
 *
 * @typeParam I input type
 * @typeParam O output type
 * @example
 * ```ts
 * class AddNoise extends Transform<Tensor, Tensor> {
 *   forward(x: Tensor) { return x.add(torch.randnLike(x).mul(0.1)); }
 * }
 * const t = new AddNoise();
 * t(torch.zeros(3)); // same as t.forward(...)
 * ```
 */
export abstract class Transform<I = any, O = any> {
  constructor() {
    const self = ((input: I) => (self as unknown as Transform<I, O>).forward(input)) as unknown as Transform<I, O>;
    delete (self as { name?: string }).name;
    delete (self as { length?: number }).length;
    Object.setPrototypeOf(self, new.target.prototype);
    return self as this;
  }

  /** Applies the transform. */
  abstract forward(input: I): O;

  /** How a worker thread rebuilds this transform; built-in transforms define it. */
  workerSpec?(): WorkerSpec;

  /** torchvision's repr, e.g. `Normalize(mean=[0.5], std=[0.5])`. */
  toString(): string {
    return `${this.constructor.name}()`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** A transform or a plain function. */
export type TransformLike<I = any, O = any> = Transform<I, O> | ((input: I) => O);

/** @internal Formats option values for reprs (Python's style: `True`, lists in brackets). */
export function fmt(v: unknown): string {
  if (v === undefined || v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v)) return `[${v.map(fmt).join(', ')}]`;
  if (typeof v === 'string') return v;
  return String(v);
}
