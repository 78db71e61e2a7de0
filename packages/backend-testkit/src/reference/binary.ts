/**
 * Reference elementwise binary kernels and `where`.
 * @module
 */
import type { BinaryOp, DType, View } from '@torchts/core';
import { getAt, indicesOf, setAt } from './storage.js';

/** The binary ops whose output is bool (comparisons and logical ops). */
export const boolValuedBinaryOps: readonly BinaryOp[] = [
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'logicalAnd', 'logicalOr', 'logicalXor',
];

/**
 * Python-style floor division, step by step as PyTorch's `div_floor_floating`, each step rounded
 * by `r` to the precision PyTorch computes in (so 1 // 0.1 is 9 in float64 but 10 in float32).
 */
function divFloor(a: number, b: number, r: (x: number) => number): number {
  if (b === 0) return r(a / b);
  const mod = a % b; // exact
  let div = r(r(a - mod) / b);
  if (mod !== 0 && b < 0 !== mod < 0) div = r(div - 1);
  if (div === 0) return 0 * (a / b); // a signed zero, as copysign(0, a / b)
  let q = Math.floor(div);
  if (r(div - q) > 0.5) q += 1;
  return q;
}

/** Python-style remainder: the result takes the divisor's sign. */
function remainder(a: number, b: number): number {
  let mod = a % b;
  if (mod !== 0 && b < 0 !== mod < 0) mod += b;
  return mod;
}

/** C's `pow`, which differs from JS's `**` on 1 ** NaN and (-1) ** ±Infinity (both 1). */
function powFloat(a: number, b: number): number {
  if (b === 0 || a === 1) return 1;
  if (a === -1 && !Number.isFinite(b) && !Number.isNaN(b)) return 1;
  return a ** b;
}

/**
 * Integer power by repeated multiplication in 64-bit two's complement (BigInt), wrapped to
 * `dtype`'s width; negative exponents as PyTorch's integer `pow` (0 unless the base is ±1).
 */
function powInt(a: number, b: number, dtype: DType): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let r = 1n;
  for (let i = 0; i < b; i++) r = BigInt.asIntN(64, r * BigInt(a));
  const bits = dtype.itemsize * 8;
  return Number(dtype.name === 'uint8' ? BigInt.asUintN(8, r) : BigInt.asIntN(bits, r));
}

/**
 * The precision PyTorch computes a dtype's arithmetic in ("opmath"): float16 and bfloat16 in float32,
 * float32 in float32, everything else in float64.
 */
function opmathRound(dtype: DType): (x: number) => number {
  return dtype.name === 'float32' || dtype.name === 'float16' || dtype.name === 'bfloat16' ? Math.fround : (x) => x;
}

/** Bitwise op on two integers; int64 goes through BigInt since JS bit ops are 32-bit. */
function bitwise(op: 'bitwiseAnd' | 'bitwiseOr' | 'bitwiseXor', a: number, b: number, dtype: DType): number {
  if (dtype.name === 'int64') {
    const x = BigInt(a), y = BigInt(b);
    return Number(op === 'bitwiseAnd' ? x & y : op === 'bitwiseOr' ? x | y : x ^ y);
  }
  return op === 'bitwiseAnd' ? a & b : op === 'bitwiseOr' ? a | b : a ^ b;
}

/**
 * One binary op on two float64 values of `dtype` (the inputs' dtype). Integer division by zero
 * is an error in PyTorch and is never asked for.
 */
export function binaryFunction(op: BinaryOp, dtype: DType): (a: number, b: number) => number {
  const float = dtype.isFloatingPoint;
  const r = opmathRound(dtype);
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return (a, b) => a / b;
    // The quotient is rounded before truncation, as PyTorch computes it in the dtype.
    case 'divTrunc': return (a, b) => Math.trunc(r(a / b));
    case 'divFloor': return float ? (a, b) => divFloor(a, b, r) : (a, b) => Math.floor(a / b);
    case 'remainder': return remainder;
    case 'fmod': return (a, b) => a % b; // JS % is C's fmod
    case 'pow': return float ? powFloat : (a, b) => powInt(a, b, dtype);
    case 'maximum': return (a, b) => Math.max(a, b); // NaN propagates, as in PyTorch
    case 'minimum': return (a, b) => Math.min(a, b);
    case 'atan2': return Math.atan2;
    case 'eq': return (a, b) => +(a === b);
    case 'ne': return (a, b) => +(a !== b);
    case 'lt': return (a, b) => +(a < b);
    case 'le': return (a, b) => +(a <= b);
    case 'gt': return (a, b) => +(a > b);
    case 'ge': return (a, b) => +(a >= b);
    case 'logicalAnd': return (a, b) => +(a !== 0 && b !== 0);
    case 'logicalOr': return (a, b) => +(a !== 0 || b !== 0);
    case 'logicalXor': return (a, b) => +((a !== 0) !== (b !== 0));
    case 'bitwiseAnd':
    case 'bitwiseOr':
    case 'bitwiseXor':
      return (a, b) => bitwise(op, a, b, dtype);
  }
}

/** `out = op(a, b)` elementwise; a and b are already broadcast to out's shape. */
export function binary(op: BinaryOp, a: View, b: View, out: View): void {
  const f = binaryFunction(op, a.buffer.dtype);
  for (const idx of indicesOf(out.shape)) setAt(out, idx, f(getAt(a, idx), getAt(b, idx)));
}

/** `out = cond ? a : b` elementwise. */
export function where(cond: View, a: View, b: View, out: View): void {
  for (const idx of indicesOf(out.shape)) {
    setAt(out, idx, getAt(cond, idx) !== 0 ? getAt(a, idx) : getAt(b, idx));
  }
}
