import { IndexError, type Tensor } from '@torchts/core';
import { Dataset } from './dataset.js';
import { builtinSpec, type WorkerSpec } from './worker/worker-spec.js';

/**
 * A dataset of tensors sharing their first dimension: sample `i` is `[t0[i], t1[i], ...]`
 * (views, not copies), as PyTorch's `TensorDataset`.
 *
 * @example
 * ```ts
 * const ds = new TensorDataset(torch.randn(100, 3), torch.randint(2, [100]));
 * const [x, y] = ds.getItem(0); // x: shape [3], y: a 0-d int64 tensor
 * ```
 */
export class TensorDataset extends Dataset<Tensor[]> {
  /** The tensors, in the order given. */
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new TypeError('TensorDataset needs at least one tensor');
    const n = tensors[0]!.dim() === 0 ? undefined : tensors[0]!.size(0);
    for (const t of tensors) {
      if (t.dim() === 0 || t.size(0) !== n) {
        const sizes = tensors.map((x) => (x.dim() === 0 ? 'a 0-d tensor' : x.size(0))).join(', ');
        throw new Error(`Size mismatch between tensors: first dimensions are ${sizes}`);
      }
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.size(0);
  }

  getItem(index: number): Tensor[] {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new IndexError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    }
    return this.tensors.map((t) => t.select(0, index));
  }

  /** Workers receive copies of the tensors. */
  override workerSpec(): WorkerSpec {
    return builtinSpec('TensorDataset', [...this.tensors]);
  }
}
