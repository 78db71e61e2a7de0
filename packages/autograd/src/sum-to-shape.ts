/**
 * Reducing a broadcast gradient back to an input's shape (PyTorch's `at::sum_to`).
 * @module
 */
import { RuntimeError, type Tensor } from '@torchts/core';

/** Whether `shape` broadcasts to `target` (so a gradient of `target` sums back to `shape`). */
export function isExpandableTo(shape: readonly number[], target: readonly number[]): boolean {
  if (shape.length > target.length) return false;
  const lead = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]!, t = target[i + lead]!;
    if (s !== t && s !== 1) return false;
  }
  return true;
}

/**
 * Sums `grad` over the dims that broadcasting added or expanded, so it gets `shape`:
 * leading dims are summed away, size-1 dims are summed with `keepdim`.
 * Differentiable (a sum and a view), so it works inside recorded backward passes.
 *
 * @example
 * ```ts
 * // a [3, 1] + b [4] -> [3, 4]: a's gradient is sumToShape(g, [3, 1]), b's sumToShape(g, [4])
 * sumToShape(torch.ones(3, 4), [3, 1]); // tensor([[4.], [4.], [4.]])
 * ```
 */
export function sumToShape(grad: Tensor, shape: readonly number[]): Tensor {
  const g = grad._shape;
  if (g.length === shape.length && g.every((s, i) => s === shape[i])) return grad;
  if (!isExpandableTo(shape, g)) {
    throw new RuntimeError(`size {${g.join(', ')}} is not expandable to size {${shape.join(', ')}}.`);
  }
  const lead = g.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && g[i] !== 1)) dims.push(i);
  }
  let r = dims.length > 0 ? grad.sum(dims, true) : grad;
  if (lead > 0 || r._shape.length !== shape.length) r = r.reshape([...shape]);
  return r;
}
