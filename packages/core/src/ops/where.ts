/**
 * Selection by a mask: `where(cond, x, y)` (broadcasting, type promotion, scalars allowed),
 * `where(cond)` and `nonzero()` (the indices of non-zero elements; a synchronous read),
 * `maskedFill`/`maskedFill_` and `maskedSelect`.
 *
 * Ops recorded for autograd:
 * - `where`: inputs `[x, y]` (null where a scalar was given), args `{ condition, xShape, yShape }`
 *   (`condition` the bool tensor; the gradient is `grad` where the condition holds for x, where
 *   it does not for y, summed back to each input's shape; the shapes are null for scalars).
 * - `maskedFill`: inputs `[self, value]` (value null for a JS value; a 0-d tensor otherwise), args
 *   `{ mask, inputShape }` (self gets `grad` with masked positions zeroed, summed back to
 *   inputShape; value gets the sum of `grad` over the mask); in place through `runInplace`.
 * - `maskedSelect`: inputs `[x]`, args `{ mask, inputShape }` (the gradient scatters `grad` into
 *   the mask's true positions of the broadcast shape, then sums back to inputShape).
 * `nonzero` is not differentiable and not recorded.
 * @module
 */
import type { View } from '../backend.js';
import { bool, int64, uint8 } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { broadcastShapes, contiguousStrides, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  broadcastView, castTo, checkInplaceShape, commonDevice, emptyTensor, installMethods, operand, type OutOption,
  record, resultType, scalarTensor, scalarTypeName, toStored, type TensorOrScalar, writeOut,
} from './helpers.js';
import { runInplace } from './inplace.js';
import { disposeTemps } from './reduction.js';

/** Options of `nonzero`. */
export interface NonzeroOptions extends OutOption {
  /** Return one 1-d tensor of indices per dim instead of one `[n, ndim]` tensor. */
  asTuple?: boolean;
}

const torchDtypeNames: Record<string, string> = {
  float32: 'float', float64: 'double', float16: 'half', bfloat16: 'c10::BFloat16', int64: 'long', int32: 'int', int16: 'short',
  int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};

/** A bool condition: bool as is, uint8 cast (PyTorch's deprecated uint8 masks), others refused. */
function boolMask(cond: Tensor, refuse: () => string): Tensor {
  if (cond.dtype === bool) return cond;
  if (cond.dtype === uint8) return castTo(cond, bool);
  throw new RuntimeError(refuse());
}

// ---- where ----

function where3(cond: Tensor, x: TensorOrScalar, y: TensorOrScalar, opts: OutOption = {}): Tensor {
  const xt = x instanceof Tensor ? x : null, yt = y instanceof Tensor ? y : null;
  const device = commonDevice('where', cond, xt, yt);
  const c = boolMask(
    cond,
    () => `where expected condition to be a boolean tensor, but got a tensor with dtype ${scalarTypeName(cond.dtype)}`,
  );
  const dtype = resultType(x, y);
  const a = operand(x, dtype, device), b = operand(y, dtype, device);
  const shape = broadcastShapes(c._shape, a._shape, b._shape);
  const out = emptyTensor(shape, dtype, device);
  if (numelOf(shape) > 0) {
    c._storage.backend.where(broadcastView(c, shape), broadcastView(a, shape), broadcastView(b, shape), out._view());
  }
  record('where', [xt, yt], [out], {
    condition: c, xShape: xt ? [...xt._shape] : null, yShape: yt ? [...yt._shape] : null,
  });
  disposeTemps([x as Tensor, y as Tensor, out], a, b); // c stays: autograd may hold it
  return writeOut(out, opts.out);
}

// ---- nonzero ----

/** Row-major coordinates of the non-zero elements of `x` (a synchronous read). */
function nonzeroCoords(x: Tensor): { count: number; coords: Float64Array } {
  const data = x._read();
  const shape = x._shape;
  const nd = shape.length;
  let count = 0;
  for (let i = 0; i < data.length; i++) if (data[i] !== 0) count++;
  const coords = new Float64Array(count * nd);
  const strides = contiguousStrides(shape);
  let k = 0;
  for (let i = 0; i < data.length; i++) {
    if (data[i] === 0) continue;
    let rem = i;
    for (let d = 0; d < nd; d++) {
      const s = strides[d]!;
      coords[k++] = Math.floor(rem / s);
      rem %= s;
    }
  }
  return { count, coords };
}

function int64Tensor(data: Float64Array, shape: readonly number[], like: Tensor): Tensor {
  const t = emptyTensor(shape, int64, like.device);
  if (data.length > 0) t._storage.backend.write(t._storage.buffer, data, 0);
  return t;
}

function nonzero(x: Tensor, opts: NonzeroOptions = {}): Tensor | Tensor[] {
  commonDevice('nonzero', x);
  const { count, coords } = nonzeroCoords(x);
  const nd = x.dim();
  if (!opts.asTuple) return writeOut(int64Tensor(coords, [count, nd], x), opts.out);
  if (nd === 0) {
    // A 0-d input counts as 1-d here, as in PyTorch.
    return [int64Tensor(new Float64Array(count), [count], x)];
  }
  const out: Tensor[] = [];
  for (let d = 0; d < nd; d++) {
    const col = new Float64Array(count);
    for (let i = 0; i < count; i++) col[i] = coords[i * nd + d]!;
    out.push(int64Tensor(col, [count], x));
  }
  return out;
}

// ---- maskedFill ----

function checkFillMask(mask: Tensor): Tensor {
  return boolMask(
    mask,
    () => `masked_fill_ only supports boolean masks, but got mask with dtype ${torchDtypeNames[mask.dtype.name]}`,
  );
}

function fillValue(self: Tensor, value: number | boolean | Tensor): { v: Tensor; vt: Tensor | null } {
  if (value instanceof Tensor) {
    if (value.dim() !== 0) {
      throw new RuntimeError(
        `masked_fill_ only supports a 0-dimensional value tensor, but got tensor with ${value.dim()} dimension(s).`,
      );
    }
    return { v: castTo(value, self.dtype), vt: value };
  }
  return { v: scalarTensor(toStored(value, self.dtype), self.dtype, self.device), vt: null };
}

function maskedFill(self: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  commonDevice('masked_fill', self, mask, value instanceof Tensor ? value : null);
  const m = checkFillMask(mask);
  const { v, vt } = fillValue(self, value);
  // PyTorch broadcasts the mask first (its error names the mask as tensor a).
  const shape = broadcastShapes(m._shape, self._shape);
  const out = emptyTensor(shape, self.dtype, self.device);
  if (numelOf(shape) > 0) {
    self._storage.backend.where(broadcastView(m, shape), broadcastView(v, shape), broadcastView(self, shape), out._view());
  }
  record('maskedFill', [self, vt], [out], { mask: m, inputShape: [...self._shape] });
  disposeTemps([out], v === vt ? null : v);
  return out;
}

function maskedFillInplace(self: Tensor, mask: Tensor, value: number | boolean | Tensor): Tensor {
  commonDevice('masked_fill_', self, mask, value instanceof Tensor ? value : null);
  const m = checkFillMask(mask);
  const { v, vt } = fillValue(self, value);
  checkInplaceShape(self, broadcastShapes(self._shape, m._shape));
  runInplace('maskedFill', self, [vt], { mask: m, inputShape: [...self._shape] }, () => {
    if (self.numel() === 0) return;
    // Elementwise: each output element reads only its own position of self.
    self._storage.backend.where(broadcastView(m, self._shape), broadcastView(v, self._shape), self._view(), self._view());
  });
  disposeTemps([], v === vt ? null : v);
  return self;
}

// ---- maskedSelect ----

function maskedSelect(x: Tensor, mask: Tensor, opts: OutOption = {}): Tensor {
  commonDevice('masked_select', x, mask);
  const m = boolMask(mask, () => 'masked_select: expected BoolTensor or ByteTensor for mask');
  const shape = broadcastShapes(m._shape, x._shape);
  const n = numelOf(shape);
  // Positions of the true elements in the broadcast shape (a synchronous read of the mask).
  const mExpanded = emptyTensor(shape, bool, x.device);
  if (n > 0) x._storage.backend.copy(broadcastView(m, shape), mExpanded._view());
  const flags = mExpanded._read();
  let count = 0;
  for (let i = 0; i < flags.length; i++) if (flags[i]) count++;
  const positions = new Float64Array(count);
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i]) positions[k++] = i;
  const out = emptyTensor([count], x.dtype, x.device);
  if (count > 0) {
    const flat = emptyTensor(shape, x.dtype, x.device);
    x._storage.backend.copy(broadcastView(x, shape), flat._view());
    const idx = int64Tensor(positions, [count], x);
    const flatView: View = { buffer: flat._storage.buffer, shape: [n], strides: [1], offset: 0 };
    x._storage.backend.indexSelect(flatView, 0, idx._view(), out._view());
    disposeTemps([], flat, idx);
  }
  record('maskedSelect', [x], [out], { mask: m, inputShape: [...x._shape] });
  mExpanded.dispose();
  return writeOut(out, opts.out);
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Elements of this tensor where `condition` holds, of `other` elsewhere (`torch.where(cond, this, other)`).
     *
     * @example
     * ```ts
     * x.where(x.gt(0), 0); // x where positive, else 0
     * ```
     */
    where(condition: Tensor, other: TensorOrScalar): Tensor;
    /** The indices of the non-zero elements: `[n, ndim]`, or one 1-d tensor per dim with `asTuple`. */
    nonzero(): Tensor;
    /** One 1-d index tensor per dim (PyTorch's `as_tuple=True`), as `torch.where(x)` gives. */
    nonzero(options: NonzeroOptions & { asTuple: true }): Tensor[];
    /** The `[n, ndim]` indices, or one tensor per dim when `options.asTuple`. */
    nonzero(options?: NonzeroOptions): Tensor | Tensor[];
    /**
     * A copy with `value` where `mask` is true (mask and tensor broadcast together).
     *
     * @example
     * ```ts
     * scores.maskedFill(mask.logicalNot(), -Infinity);
     * ```
     */
    maskedFill(mask: Tensor, value: number | boolean | Tensor): Tensor;
    /** {@link Tensor.maskedFill} in place (the mask must broadcast to this tensor's shape). */
    maskedFill_(mask: Tensor, value: number | boolean | Tensor): Tensor;
    /** The elements where `mask` is true, as a 1-d tensor. */
    maskedSelect(mask: Tensor): Tensor;
  }
}

installMethods({
  where(this: Tensor, condition: Tensor, other: TensorOrScalar) {
    return where3(condition, this, other);
  },
  nonzero(this: Tensor, options?: NonzeroOptions) {
    return nonzero(this, options);
  },
  maskedFill(this: Tensor, mask: Tensor, value: number | boolean | Tensor) {
    return maskedFill(this, mask, value);
  },
  maskedFill_(this: Tensor, mask: Tensor, value: number | boolean | Tensor) {
    return maskedFillInplace(this, mask, value);
  },
  maskedSelect(this: Tensor, mask: Tensor) {
    return maskedSelect(this, mask);
  },
});

/**
 * `torch.where(condition, x, y)`: x where the condition holds, else y; x and y may be JS
 * scalars and broadcast with the condition. `torch.where(condition)` is
 * `torch.nonzero(condition, { asTuple: true })`.
 *
 * @example
 * ```ts
 * torch.where(x.gt(0), x, 0.1 * x);
 * const [rows, cols] = torch.where(mask);
 * ```
 */
export function where(condition: Tensor): Tensor[];
export function where(condition: Tensor, x: TensorOrScalar, y: TensorOrScalar, options?: OutOption): Tensor;
export function where(condition: Tensor, x?: TensorOrScalar, y?: TensorOrScalar, options?: OutOption): Tensor | Tensor[] {
  if (x === undefined && y === undefined) return nonzero(condition, { asTuple: true }) as Tensor[];
  if (x === undefined || y === undefined) throw new TypeError('where() takes either 1 or 3 arguments');
  return where3(condition, x, y, options);
}

/** `torch.nonzero(x, { asTuple, out })`. */
export function nonzeroFn(input: Tensor): Tensor;
export function nonzeroFn(input: Tensor, options: NonzeroOptions & { asTuple: true }): Tensor[];
export function nonzeroFn(input: Tensor, options?: NonzeroOptions): Tensor | Tensor[];
export function nonzeroFn(input: Tensor, options?: NonzeroOptions): Tensor | Tensor[] {
  return nonzero(input, options);
}

/** `torch.masked_fill(x, mask, value)`. */
export const maskedFillFn = maskedFill;
/** `torch.masked_select(x, mask, { out })`. */
export const maskedSelectFn = maskedSelect;
