/**
 * Shapes, strides and broadcasting: pure functions on number arrays.
 * @module
 */
import { IndexError, RuntimeError } from './errors.js';

/** Number of elements of a shape (1 for a 0-d shape). */
export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= Math.max(shape[i]!, 1);
  }
  return strides;
}

/** Whether (shape, strides) lays elements out row-major without gaps (size-1 dims ignored). */
export function isContiguousLayout(shape: readonly number[], strides: readonly number[]): boolean {
  // An empty tensor is contiguous whatever its strides (PyTorch's compute_contiguous).
  if (shape.includes(0)) return true;
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const size = shape[i]!;
    if (size === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= size;
  }
  return true;
}

/**
 * Wraps a possibly negative dim into [0, ndim) with PyTorch's error.
 * A 0-d tensor accepts dims -1 and 0, as in PyTorch.
 */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (!Number.isInteger(dim) || dim < -n || dim >= n) {
    throw new IndexError(
      `Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`,
    );
  }
  return dim < 0 ? dim + n : dim;
}

/** Normalises a list of dims, rejecting repeats as PyTorch does. */
export function normalizeDims(dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw new RuntimeError(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out;
}

/** PyTorch's broadcasting of two shapes, with its error message on mismatch. */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  let result: number[] = [];
  for (const shape of shapes) {
    const a = result, b = shape;
    const n = Math.max(a.length, b.length);
    const out = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const da = a.length - n + i >= 0 ? a[a.length - n + i]! : 1;
      const db = b.length - n + i >= 0 ? b[b.length - n + i]! : 1;
      if (da === db || db === 1) out[i] = da;
      else if (da === 1) out[i] = db;
      else {
        throw new RuntimeError(
          `The size of tensor a (${da}) must match the size of tensor b (${db}) at non-singleton dimension ${i}`,
        );
      }
    }
    result = out;
  }
  return result;
}

/** Strides that broadcast (shape, strides) to `target` (0 where a dim is expanded). */
export function broadcastStrides(
  shape: readonly number[],
  strides: readonly number[],
  target: readonly number[],
): number[] {
  const out = new Array<number>(target.length).fill(0);
  const off = target.length - shape.length;
  for (let i = 0; i < shape.length; i++) {
    out[i + off] = shape[i] === target[i + off] ? strides[i]! : 0;
  }
  return out;
}

/** Resolves a single -1 in a view/reshape shape, with PyTorch's errors. */
export function inferSize(shape: readonly number[], numel: number): number[] {
  let inferred = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i]!;
    if (s === -1) {
      if (inferred >= 0) throw new RuntimeError('only one dimension can be inferred');
      inferred = i;
    } else if (s < 0 || !Number.isInteger(s)) {
      throw new RuntimeError(`invalid shape dimension ${s}`);
    } else known *= s;
  }
  const out = [...shape];
  if (inferred >= 0) {
    if (known === 0 || numel % known !== 0) {
      throw new RuntimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
    }
    out[inferred] = numel / known;
  } else if (known !== numel) {
    throw new RuntimeError(`shape '[${shape.join(', ')}]' is invalid for input of size ${numel}`);
  }
  return out;
}

/**
 * Strides for viewing (oldShape, oldStrides) as newShape without copying, or null when the
 * memory layout does not allow it (PyTorch's `computeStride`).
 */
export function viewStrides(
  oldShape: readonly number[],
  oldStrides: readonly number[],
  newShape: readonly number[],
): number[] | null {
  // A 0-d tensor views as any shape of one element (PyTorch's computeStride).
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = numelOf(oldShape);
  if (numel === 0) return contiguousStrides(newShape);
  const newStrides = new Array<number>(newShape.length);
  let viewD = newShape.length - 1;
  let chunkBase = oldStrides[oldStrides.length - 1] ?? 1;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = oldShape.length - 1; d >= 0; d--) {
    tensorNumel *= oldShape[d]!;
    if (d === 0 || (oldShape[d - 1] !== 1 && oldStrides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBase;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = oldStrides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

/** Formats a shape as PyTorch does inside messages: `[2, 3]`. */
export function shapeStr(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
