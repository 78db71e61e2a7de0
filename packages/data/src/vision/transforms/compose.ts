import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, type TransformLike } from './transform.js';
import { Normalize } from './normalize.js';
import { RawImage } from '../raw-image.js';
import { ToTensor, toNormalizedTensor } from './to-tensor.js';

/**
 * Applies transforms one after another (torchvision's `Compose`).
 *
 * @example
 * ```ts
 * const transform = new Compose([new ToTensor(), new Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])]);
 * const x = transform(img); // float tensor [3, 32, 32] in [-1, 1]
 * ```
 */
export class Compose<I = any, O = any> extends Transform<I, O> {
  /** The transforms, applied in order. */
  readonly transforms: readonly TransformLike[];

  /**
   * @param transforms applied in order; the input type is inferred from the first, the
   * output type from the last.
   */
  constructor(
    transforms:
      | readonly [TransformLike<I, O>]
      | readonly [TransformLike<I, any>, ...TransformLike[], TransformLike<any, O>]
      | readonly TransformLike<I, O>[],
  ) {
    super();
    this.transforms = [...transforms];
  }

  forward(input: I): O {
    let x: unknown = input;
    const ts = this.transforms;
    for (let i = 0; i < ts.length; i++) {
      const t = ts[i]!;
      const next = ts[i + 1];
      // ToTensor then Normalize: one pass, one tensor, the same values (the intermediate
      // tensor is private to this call)
      if (t instanceof ToTensor && next instanceof Normalize && x instanceof RawImage && checkChannels(next, x.channels)) {
        x = toNormalizedTensor(x, next.mean, next.std);
        i++;
        continue;
      }
      x = (t as (v: unknown) => unknown)(x);
    }
    return x as O;
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('Compose', [this.transforms]);
  }

  override toString(): string {
    return `Compose(${this.transforms.map((t) => `\n    ${String(t)}`).join('')}\n)`;
  }
}

/** Whether Normalize's mean/std fit `channels` and std has no zero (else Normalize itself reports it). */
function checkChannels(n: Normalize, channels: number): boolean {
  const ok = (v: readonly number[]): boolean => v.length === 1 || v.length === channels;
  return ok(n.mean) && ok(n.std) && n.std.every((s) => Math.fround(s) !== 0);
}
