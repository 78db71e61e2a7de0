import { builtinSpec, type WorkerSpec } from '../../utils/data/worker/worker-spec.js';
import { Transform, type TransformLike } from './transform.js';

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
  readonly transforms: readonly TransformLike[];

  constructor(transforms: readonly TransformLike[]) {
    super();
    this.transforms = [...transforms];
  }

  forward(input: I): O {
    let x: unknown = input;
    for (const t of this.transforms) x = t(x);
    return x as O;
  }

  override workerSpec(): WorkerSpec {
    return builtinSpec('Compose', [this.transforms]);
  }

  override toString(): string {
    return `Compose(${this.transforms.map((t) => `\n    ${String(t)}`).join('')}\n)`;
  }
}
