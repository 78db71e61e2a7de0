/**
 * Shared plumbing of the op families: allocation, casting, broadcasting views, type
 * promotion with JS scalars, `out=` handling and autograd recording.
 * @module
 */
import type { View } from '../backend.js';
import type { Device } from '../device.js';
import { bfloat16, bool, float16, float32, type DType, getDefaultDtype, resultTypeOf, type PromotionOperand } from '../dtype.js';
import { roundBFloat16 } from '../bfloat16.js';
import { roundToFloat16 } from '../random/float-ops.js';
import { RuntimeError } from '../errors.js';
import { autogradHooks, shouldRecord } from '../grad-mode.js';
import { broadcastStrides, shapeStr } from '../shape.js';
import { Tensor } from '../tensor.js';

/** A tensor or a JS scalar, as binary ops accept. */
export type TensorOrScalar = Tensor | number | boolean;

/** @internal Allocates an uninitialised contiguous tensor. */
export function emptyTensor(shape: readonly number[], dtype: DType, device: Device): Tensor {
  return Tensor._empty(shape, dtype, device);
}

/** @internal Converts a JS value to what a dtype stores (bool -> 0/1, int truncation). */
export function toStored(value: number | boolean, dtype: DType): number {
  const v = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  if (dtype === bool) return v !== 0 ? 1 : 0;
  if (dtype.isInteger) {
    if (!Number.isFinite(v)) throw new RuntimeError(`value cannot be converted to type ${dtype.name} without overflow`);
    return Math.trunc(v);
  }
  return v;
}

/**
 * @internal `value` as a value of `dtype`, as a one-element tensor of that dtype would hold it
 * (what {@link Backend.binaryScalar} takes): rounded to float32/float16/bfloat16, truncated for
 * integers, 0/1 for bool.
 */
export function scalarOf(value: number | boolean, dtype: DType): number {
  const v = toStored(value, dtype);
  if (dtype === float32) return Math.fround(v);
  // Through float32 first, as c10::Half(float) converts a double scalar (and the CPU fill does).
  if (dtype === float16) return roundToFloat16(Math.fround(v));
  if (dtype === bfloat16) return roundBFloat16(v);
  return v;
}

/** @internal A 0-d tensor holding `value`. */
export function scalarTensor(value: number | boolean, dtype: DType, device: Device): Tensor {
  const t = emptyTensor([], dtype, device);
  t._storage.backend.fill(t._view(), toStored(value, dtype));
  return t;
}

/** @internal `t` in dtype `dtype` (itself when it already is). */
export function castTo(t: Tensor, dtype: DType): Tensor {
  if (t.dtype === dtype) return t;
  const out = emptyTensor(t._shape, dtype, t.device);
  t._storage.backend.copy(t._view(), out._view());
  return out;
}

/** @internal A contiguous copy of `t` (or `t` itself when contiguous). */
export function contiguousOf(t: Tensor): Tensor {
  if (t.isContiguous()) return t;
  const out = emptyTensor(t._shape, t.dtype, t.device);
  t._storage.backend.copy(t._view(), out._view());
  return out;
}

/** @internal The view of `t` broadcast to `shape` (0 strides on expanded dims). */
export function broadcastView(t: Tensor, shape: readonly number[]): View {
  return {
    buffer: t._storage.buffer,
    shape,
    strides: broadcastStrides(t._shape, t._strides, shape),
    offset: t._offset,
  };
}

/** @internal PyTorch's `result_type` over tensors and JS scalars. */
export function resultType(...operands: TensorOrScalar[]): DType {
  return resultTypeOf(
    ...operands.map((o): PromotionOperand => (o instanceof Tensor ? { dtype: o.dtype, dim: o.dim() } : o)),
  );
}

/** @internal Checks every tensor is on one device; returns it. */
export function commonDevice(op: string, ...tensors: (Tensor | null | undefined)[]): Device {
  let dev: Device | null = null;
  for (const t of tensors) {
    if (!t) continue;
    t._checkAlive();
    if (!dev) dev = t.device;
    else if (!dev.equals(t.device)) {
      throw new RuntimeError(
        `Expected all tensors to be on the same device, but found at least two devices, ${dev} and ${t.device}! (when checking argument for ${op})`,
      );
    }
  }
  if (!dev) throw new RuntimeError(`${op}: expected at least one tensor argument`);
  return dev;
}

/** @internal A scalar or tensor operand as a tensor of `dtype` on `device`. */
export function operand(x: TensorOrScalar, dtype: DType, device: Device): Tensor {
  return x instanceof Tensor ? castTo(x, dtype) : scalarTensor(x, dtype, device);
}

/** PyTorch's `can_cast(from, to)`: no float -> int, no int -> bool, no non-bool -> bool. */
export function canCast(from: DType, to: DType): boolean {
  if (from.isFloatingPoint && !to.isFloatingPoint) return false;
  if (!from.isBool && to.isBool) return false;
  return true;
}

const typeNames: Record<string, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int',
  int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
};

/** @internal PyTorch's scalar type name (`Float`, `Long`, ...), as its messages use. */
export function scalarTypeName(d: DType): string {
  return typeNames[d.name]!;
}

/** @internal Throws PyTorch's error when a result cannot be written to `dtype`. */
export function checkCastable(result: DType, out: DType): void {
  if (!canCast(result, out)) {
    throw new RuntimeError(
      `result type ${scalarTypeName(result)} can't be cast to the desired output type ${scalarTypeName(out)}`,
    );
  }
}

/** @internal The common `{ out }` option of torch functions. */
export interface OutOption {
  /** Write the result into this tensor (resized if its shape differs and it is empty). */
  out?: Tensor;
}

/**
 * @internal Writes `result` into `out` (PyTorch's `out=`): same device, a castable dtype,
 * resized when its shape differs.
 */
export function writeOut(result: Tensor, out: Tensor | undefined): Tensor {
  if (!out) return result;
  commonDevice('out=', result, out);
  checkCastable(result.dtype, out.dtype);
  if (out.requiresGrad && shouldRecord([out])) {
    throw new RuntimeError(
      'out=... arguments don\'t support automatic differentiation, but one of the arguments requires grad.',
    );
  }
  if (!sameShape(out._shape, result._shape)) resizeInPlace(out, result._shape);
  out._storage.backend.copy(result._view(), out._view());
  out._bumpVersion();
  return out;
}

/** @internal Makes `t` a fresh contiguous tensor of `shape` (PyTorch's `resize_` on out tensors). */
export function resizeInPlace(t: Tensor, shape: readonly number[]): void {
  const fresh = emptyTensor(shape, t.dtype, t.device);
  t.data = fresh;
}

/** @internal Whether two shapes are equal. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** @internal Records an op for autograd when needed. */
export function record(
  op: string,
  inputs: readonly (Tensor | null | undefined)[],
  outputs: readonly Tensor[],
  args: Record<string, unknown> = {},
): void {
  if (!shouldRecord(inputs)) return;
  autogradHooks()!.record({ op, inputs: inputs.map((t) => t ?? null), outputs, args });
}

/** @internal Records an in-place op on `self` for autograd when needed. */
export function recordInplace(
  op: string,
  self: Tensor,
  others: readonly (Tensor | null | undefined)[],
  args: Record<string, unknown> = {},
): void {
  if (!shouldRecord([self, ...others])) return;
  autogradHooks()!.recordInplace({ op, inputs: [self, ...others.map((t) => t ?? null)], outputs: [self], args });
}

/** @internal Checks an in-place op's result shape matches `self` (PyTorch's message). */
export function checkInplaceShape(self: Tensor, shape: readonly number[]): void {
  if (!sameShape(self._shape, shape)) {
    throw new RuntimeError(
      `output with shape ${shapeStr(self._shape)} doesn't match the broadcast shape ${shapeStr(shape)}`,
    );
  }
}

/** @internal In-place ops on leaves that require grad are refused, as in PyTorch. */
export function checkInplaceAllowed(self: Tensor): void {
  if (self.requiresGrad && self.isLeaf && shouldRecord([self])) {
    throw new RuntimeError('a leaf Variable that requires grad is being used in an in-place operation.');
  }
  // Refuse before mutating, so a failed op leaves the data untouched.
  const base = self._base;
  if (base && base.requiresGrad && base.isLeaf && shouldRecord([base])) {
    throw new RuntimeError('a view of a leaf Variable that requires grad is being used in an in-place operation.');
  }
}

/** @internal The default float dtype for integer inputs of float-only ops. */
export function floatResultType(d: DType): DType {
  return d.isFloatingPoint ? d : getDefaultDtype();
}

/**
 * @internal Installs methods on Tensor.prototype. Op families call this with their method
 * implementations; the matching declarations live in each family's `declare module` block.
 */
export function installMethods(methods: Record<string, (this: Tensor, ...args: never[]) => unknown>): void {
  for (const [name, fn] of Object.entries(methods)) {
    Object.defineProperty(Tensor.prototype, name, { value: fn, writable: true, configurable: true });
  }
}
