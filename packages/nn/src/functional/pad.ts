/**
 * `F.pad`: constant, reflect, replicate and circular padding (negative pads crop), composed
 * from differentiable core ops (`cat`/`narrow` for constant, `indexSelect` for the others).
 * @module
 */
import { cat, full, int64, RuntimeError, tensor, type Tensor } from '@torchts/core';
import { NotImplementedError } from '../errors.js';

/** Padding modes of {@link pad}. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

/** Options of {@link pad}. */
export interface PadOptions {
  /** `'constant'` (default), `'reflect'`, `'replicate'` or `'circular'`. */
  mode?: PadMode;
  /** The fill value of constant padding (default 0). */
  value?: number;
}

/**
 * Pads `input`. `pad` lists `(left, right)` pairs starting from the last dim:
 * `[1, 1]` pads the last dim, `[1, 1, 2, 2]` the last two. Negative values crop.
 *
 * @example
 * ```ts
 * F.pad(x, [1, 1, 2, 2]);                       // zeros around the last two dims
 * F.pad(x, [2, 2], { mode: 'reflect' });
 * F.pad(x, [1, 1], 'constant', -1);             // PyTorch's positional form
 * ```
 */
export function pad(input: Tensor, padding: readonly number[], mode: PadMode | PadOptions = 'constant', value?: number): Tensor {
  const opts: PadOptions = typeof mode === 'string' ? { mode, value } : mode;
  const m = opts.mode ?? 'constant';
  const ndim = input.dim();
  if (padding.length % 2 !== 0) throw new RuntimeError('Padding length must be divisible by 2');
  if (padding.length > ndim * 2) throw new RuntimeError('Padding length too large');
  if (m === 'constant') return constantPad(input, padding, opts.value ?? 0);
  if (!['reflect', 'replicate', 'circular'].includes(m)) throw new NotImplementedError(`Unrecognised padding mode ${m}`);
  if (opts.value !== undefined && opts.value !== 0) {
    throw new RuntimeError(`Padding mode "${m}" doesn't take in value argument`);
  }
  const k = padding.length / 2;
  if (!(k >= 1 && k <= 3 && (ndim === k + 1 || ndim === k + 2))) {
    throw new NotImplementedError('Only 2D, 3D, 4D, 5D padding with non-constant padding are supported for now');
  }
  let out = input;
  for (let i = 0; i < k; i++) {
    const dim = ndim - 1 - i;
    const l = padding[2 * i]!, r = padding[2 * i + 1]!;
    const n = input.size(dim);
    if (m === 'reflect' && (l >= n || r >= n)) {
      const arg = k === 1 ? 4 : 4 + 2 * i;
      const what = k === 1 ? `[${input.shape.join(', ')}]` : String(ndim);
      throw new RuntimeError(
        `Argument #${arg}: Padding size should be less than the corresponding input dimension, but got: padding (${l}, ${r}) at dimension ${dim} of input ${what}`,
      );
    }
    if (m === 'circular' && (l > n || r > n)) throw new RuntimeError('Padding value causes wrapping around more than once.');
    if (m === 'replicate' && n === 0) {
      throw new RuntimeError(
        `Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other non-zero dimensions for input, but got: [${input.shape.join(', ')}]`,
      );
    }
    out = out.indexSelect(dim, padIndex(m, n, l, r, input.device));
  }
  return out;
}

/** The source index of every output position along one dim. */
function padIndex(mode: PadMode, n: number, l: number, r: number, device: Tensor['device']): Tensor {
  const idx: number[] = [];
  for (let p = -l; p < n + r; p++) {
    let q = p;
    if (mode === 'reflect') q = p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p;
    else if (mode === 'replicate') q = Math.min(Math.max(p, 0), n - 1);
    else q = ((p % n) + n) % n;
    idx.push(q);
  }
  return tensor(idx, { dtype: int64, device });
}

function constantPad(input: Tensor, padding: readonly number[], value: number): Tensor {
  const ndim = input.dim();
  const k = padding.length / 2;
  let out = input;
  if (padding.every((p) => p <= 0)) {
    // Only cropping: narrows, as PyTorch's constant_pad_nd (whose errors they give).
    for (let i = 0; i < k; i++) {
      const dim = ndim - 1 - i;
      const l = padding[2 * i]!, r = padding[2 * i + 1]!;
      if (l < 0) out = out.narrow(dim, -l, out.size(dim) + l);
      if (r < 0) out = out.narrow(dim, 0, out.size(dim) + r);
    }
    return out.clone();
  }
  for (let i = 0; i < k; i++) {
    const dim = ndim - 1 - i;
    const l = padding[2 * i]!, r = padding[2 * i + 1]!;
    const n = input.size(dim);
    if (n + l + r <= 0) {
      throw new RuntimeError(
        `The input size ${n}, plus negative padding ${l} and ${r} resulted in a negative output size, which is invalid. Check dimension ${dim} of your input.`,
      );
    }
  }
  for (let i = 0; i < k; i++) {
    const dim = ndim - 1 - i;
    const l = padding[2 * i]!, r = padding[2 * i + 1]!;
    if (l < 0) out = out.narrow(dim, -l, out.size(dim) + l);
    if (r < 0) out = out.narrow(dim, 0, out.size(dim) + r);
    const block = (size: number): Tensor => {
      const shape = [...out.shape];
      shape[dim] = size;
      return full(shape, value, { dtype: out.dtype, device: out.device });
    };
    const parts: Tensor[] = [];
    if (l > 0) parts.push(block(l));
    parts.push(out);
    if (r > 0) parts.push(block(r));
    if (parts.length > 1) out = cat(parts, dim);
  }
  return out;
}
