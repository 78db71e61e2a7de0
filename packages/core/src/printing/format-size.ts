/**
 * The text of a tensor's shape, as PyTorch prints `torch.Size` and shape tuples.
 * @module
 */

/**
 * Formats a shape as PyTorch prints `torch.Size`.
 *
 * @example
 * ```ts
 * formatSize([5, 3]); // 'torch.Size([5, 3])'
 * formatSize([]);     // 'torch.Size([])'
 * ```
 */
export function formatSize(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`;
}

/**
 * Formats a shape as Python prints the tuple `tuple(t.shape)`, as in the `size=(0, 3)` suffix
 * of an empty tensor: `()`, `(4,)`, `(0, 3)`.
 */
export function formatSizeTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
