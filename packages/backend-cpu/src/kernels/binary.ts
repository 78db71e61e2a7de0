/**
 * Elementwise binary kernels with broadcast (0) strides.
 *
 * Floats compute in float64 and round on store (float32) or in a half-rounding pass (float16);
 * the division family of float32/float16 rounds each step to float32 as PyTorch computes it.
 * Integers follow C/PyTorch: int32 and narrower wrap modulo 2^bits, int64 stays exact (wrapping
 * through BigInt past 2^53), `divTrunc`/`divFloor` are integer divisions, `remainder` takes the
 * divisor's sign (Python), `fmod` the dividend's (C), and dividing an integer by zero throws
 * `RuntimeError: ZeroDivisionError`. Integer `pow` with a negative exponent is 0 unless the base
 * is ±1. `div` is never called on integers (core casts to float first).
 * @module
 */
import type { BinaryOp, DType, TypedArray, View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { zeroDivision } from '../errors.js';
import { roundBFloat16View } from './bfloat16.js';
import { roundHalfView } from './half.js';
import { addInt64, bitwiseInt64, mulInt64, powInt, subInt64 } from './int64.js';
import { isContiguous, Loop, numelOf } from './strided.js';

type Fn = (a: number, b: number) => number;

const fround = Math.fround;

/** C's `pow`, which differs from `Math.pow` at pow(1, NaN) and pow(-1, ±Infinity). */
export function powC(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

/** PyTorch's floor division of floats (`div_floor_floating`), with `r` rounding each step. */
function divFloorFloat(a: number, b: number, r: (x: number) => number): number {
  if (b === 0) return r(a / b);
  const mod = a % b;
  let div = r(r(a - mod) / b);
  if (mod !== 0 && (b < 0) !== (mod < 0)) div = r(div - 1);
  if (div !== 0) {
    let fl = Math.floor(div);
    if (div - fl > 0.5) fl += 1;
    return fl;
  }
  const q = a / b;
  return q < 0 || Object.is(q, -0) ? -0 : 0;
}

/** Python's remainder (sign of the divisor) for floats, `r` rounding the final addition. */
function remainderFloat(a: number, b: number, r: (x: number) => number): number {
  let mod = a % b;
  if (mod !== 0 && (b < 0) !== (mod < 0)) mod = r(mod + b);
  return mod;
}

const identity = (x: number): number => x;
const unused: Fn = () => NaN;

const COMPARE_AND_LOGIC: Partial<Record<BinaryOp, Fn>> = {
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
  maximum: Math.max, // Math.max/min propagate NaN, as torch.maximum/minimum do
  minimum: Math.min,
};

function floatFn(op: BinaryOp, dtype: DType): Fn {
  const r = dtype.name === 'float64' ? identity : fround;
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    case 'divTrunc': return (a, b) => Math.trunc(r(a / b));
    case 'divFloor': return (a, b) => divFloorFloat(a, b, r);
    case 'remainder': return (a, b) => remainderFloat(a, b, r);
    case 'fmod': return (a, b) => a % b;
    case 'pow': return powC;
    case 'atan2': return Math.atan2;
    default: {
      const f = COMPARE_AND_LOGIC[op];
      if (f) return f;
      throw new TypeError(`${op} is not defined for ${dtype.toString()}`);
    }
  }
}

function intFn(op: BinaryOp, dtype: DType): Fn {
  const i64 = dtype.name === 'int64';
  // `+ 0` turns the -0 that float arithmetic can produce into the 0 an int64 must hold.
  switch (op) {
    case 'add': return i64 ? addInt64 : (a, b) => a + b;
    case 'sub': return i64 ? subInt64 : (a, b) => a - b;
    case 'mul': return i64 ? (a, b) => mulInt64(a, b) + 0 : Math.imul;
    case 'div': return (a, b) => a / b;
    case 'divTrunc': return (a, b) => (b === 0 ? zeroDivision() : Math.trunc(a / b) + 0);
    case 'divFloor': return (a, b) => (b === 0 ? zeroDivision() : Math.floor(a / b) + 0);
    case 'remainder': return (a, b) => {
      if (b === 0) zeroDivision();
      const m = a % b;
      return m !== 0 && (m < 0) !== (b < 0) ? m + b : m + 0;
    };
    case 'fmod': return (a, b) => (b === 0 ? zeroDivision() : (a % b) + 0);
    case 'pow': return i64 ? (a, b) => powInt(a, b, mulInt64) + 0 : (a, b) => powInt(a, b, Math.imul);
    case 'atan2': return Math.atan2;
    case 'bitwiseAnd': return i64 ? (a, b) => bitwiseInt64('and', a, b) : (a, b) => a & b;
    case 'bitwiseOr': return i64 ? (a, b) => bitwiseInt64('or', a, b) : (a, b) => a | b;
    case 'bitwiseXor': return i64 ? (a, b) => bitwiseInt64('xor', a, b) : (a, b) => a ^ b;
    default: return COMPARE_AND_LOGIC[op]!;
  }
}

/** The scalar function of `op` on inputs of `dtype`, written into `outDtype`. */
function scalarFn(op: BinaryOp, dtype: DType, outDtype: DType): Fn {
  if (dtype.isFloatingPoint) return floatFn(op, dtype);
  const f = intFn(op, dtype);
  // Arithmetic on bools (add = or, mul = and) must still store 0/1.
  if (outDtype.isBool && !(op in COMPARE_AND_LOGIC)) return (a, b) => (f(a, b) !== 0 ? 1 : 0);
  return f;
}

/** Which ops have their own loop in {@link binaryRow} for these dtypes ('call' = call `f`). */
type RowKind = 'add' | 'sub' | 'mul' | 'div' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge' | 'call';

function rowKind(op: BinaryOp, dtype: DType, outDtype: DType): RowKind {
  switch (op) {
    case 'eq': case 'ne': case 'lt': case 'le': case 'gt': case 'ge':
      return op;
    case 'add': case 'sub':
      return dtype.isFloatingPoint || (dtype.isInteger && dtype.name !== 'int64') ? op : 'call';
    case 'mul': case 'div':
      return dtype.isFloatingPoint && !outDtype.isBool ? op : 'call';
    default:
      return 'call';
  }
}

function binaryRow(kind: RowKind, f: Fn, A: TypedArray, ia: number, sa: number, B: TypedArray, ib: number,
  sb: number, O: TypedArray, io: number, so: number, n: number): void {
  switch (kind) {
    case 'add':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! + B[ib]!;
      return;
    case 'sub':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! - B[ib]!;
      return;
    case 'mul':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! * B[ib]!;
      return;
    case 'div':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! / B[ib]!;
      return;
    case 'eq':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia] === B[ib] ? 1 : 0;
      return;
    case 'ne':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia] !== B[ib] ? 1 : 0;
      return;
    case 'lt':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! < B[ib]! ? 1 : 0;
      return;
    case 'le':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! <= B[ib]! ? 1 : 0;
      return;
    case 'gt':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! > B[ib]! ? 1 : 0;
      return;
    case 'ge':
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = A[ia]! >= B[ib]! ? 1 : 0;
      return;
    default:
      for (let k = 0; k < n; k++, ia += sa, ib += sb, io += so) O[io] = f(A[ia]!, B[ib]!);
  }
}

/**
 * The float32 fast path: contiguous, same-shape add/sub/mul/div. Kept apart so that V8 sees only
 * Float32Arrays here and compiles monomorphic loads and stores.
 */
function binaryF32(kind: RowKind, A: Float32Array, ia: number, B: Float32Array, ib: number, O: Float32Array,
  io: number, n: number): void {
  switch (kind) {
    case 'add': for (let k = 0; k < n; k++) O[io + k] = A[ia + k]! + B[ib + k]!; return;
    case 'sub': for (let k = 0; k < n; k++) O[io + k] = A[ia + k]! - B[ib + k]!; return;
    case 'mul': for (let k = 0; k < n; k++) O[io + k] = A[ia + k]! * B[ib + k]!; return;
    default: for (let k = 0; k < n; k++) O[io + k] = A[ia + k]! / B[ib + k]!; return;
  }
}

/** `out = op(a, b)`; `a` and `b` are broadcast to out's shape (0 strides) and share one dtype. */
export function binary(op: BinaryOp, a: View, b: View, out: View): void {
  const A = dataOf(a), B = dataOf(b), O = dataOf(out);
  const dtype = a.buffer.dtype, outDtype = out.buffer.dtype;
  const kind = rowKind(op, dtype, outDtype);
  const f = kind === 'call' ? scalarFn(op, dtype, outDtype) : unused;
  if (isContiguous(a) && isContiguous(b) && isContiguous(out)) {
    const n = numelOf(out.shape);
    if (dtype.name === 'float32' && outDtype.name === 'float32' &&
      (kind === 'add' || kind === 'sub' || kind === 'mul' || kind === 'div')) {
      binaryF32(kind, A as Float32Array, a.offset, B as Float32Array, b.offset, O as Float32Array, out.offset, n);
    } else {
      binaryRow(kind, f, A, a.offset, 1, B, b.offset, 1, O, out.offset, 1, n);
    }
  } else {
    const loop = new Loop(out.shape, [a.strides, b.strides, out.strides], [a.offset, b.offset, out.offset], 2);
    const { n, s0, s1, s2 } = loop;
    loop.forEach((ia, ib, io) => binaryRow(kind, f, A, ia, s0, B, ib, s1, O, io, s2, n));
  }
  if (outDtype.name === 'float16') roundHalfView(out);
  else if (outDtype.name === 'bfloat16') roundBFloat16View(out);
}
