/**
 * Elementwise unary kernels. Values are computed in float64 and rounded by the store (float32)
 * or by a half-rounding pass (float16). Integer inputs get integer semantics (wrapping like C,
 * int64 exact); the float-only ops only ever see float inputs (core casts first).
 * @module
 */
import type { DType, TypedArray, UnaryOp, View } from '@torchts/core';
import { dataOf } from '../buffer.js';
import { erf, erfc } from './erf.js';
import { roundBFloat16View } from './bfloat16.js';
import { roundHalfView } from './half.js';
import { mulInt64 } from './int64.js';
import { isContiguous, Loop, numelOf } from './strided.js';

/** Rounds half to even, as `torch.round` (C's `nearbyint`). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

const SQRT1_2 = Math.SQRT1_2;

/** The float64 scalar function of each op, as PyTorch defines it. */
const FLOAT_FNS: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  // PyTorch 1.13 gives sign(NaN) = 0.
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0),
  exp: Math.exp,
  expm1: Math.expm1,
  log: Math.log,
  log1p: Math.log1p,
  log2: Math.log2,
  log10: Math.log10,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  square: (x) => x * x,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  tanh: Math.tanh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  erf,
  erfc,
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  relu: (x) => (x > 0 ? x : x !== x ? x : 0),
  silu: (x) => x / (1 + Math.exp(-x)),
  gelu: (x) => 0.5 * x * (1 + erf(x * SQRT1_2)),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  trunc: Math.trunc,
  frac: (x) => x - Math.trunc(x),
  logicalNot: (x) => (x === 0 ? 1 : 0),
  bitwiseNot: (x) => -x - 1,
  isnan: (x) => (x !== x ? 1 : 0),
  isinf: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  isfinite: (x) => (x - x === 0 ? 1 : 0),
};

/** The scalar function of `op` for inputs of `dtype` (integer special cases over the float ones). */
function scalarFn(op: UnaryOp, dtype: DType): (x: number) => number {
  if (dtype.isBool && op === 'bitwiseNot') return (x) => 1 - x;
  if (dtype.name === 'int64' && op === 'square') return (x) => mulInt64(x, x);
  if (dtype.name === 'int32' && op === 'square') return (x) => Math.imul(x, x);
  return FLOAT_FNS[op];
}

/**
 * One row; the hottest ops get their own loops (no call per element), the rest call `f`.
 */
function unaryRow(op: UnaryOp, f: (x: number) => number, s: TypedArray, is: number, ss: number,
  o: TypedArray, io: number, os: number, n: number): void {
  switch (op) {
    case 'relu':
      for (let k = 0; k < n; k++, is += ss, io += os) {
        const x = s[is]!;
        o[io] = x > 0 ? x : x !== x ? x : 0;
      }
      return;
    case 'neg':
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = -s[is]!;
      return;
    case 'exp':
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = Math.exp(s[is]!);
      return;
    case 'log':
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = Math.log(s[is]!);
      return;
    case 'sqrt':
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = Math.sqrt(s[is]!);
      return;
    case 'tanh':
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = Math.tanh(s[is]!);
      return;
    case 'sigmoid':
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = 1 / (1 + Math.exp(-s[is]!));
      return;
    default:
      for (let k = 0; k < n; k++, is += ss, io += os) o[io] = f(s[is]!);
  }
}

/** Whether `op` writes a bool result whatever its input dtype. */
export function isBoolUnary(op: UnaryOp): boolean {
  return op === 'logicalNot' || op === 'isnan' || op === 'isinf' || op === 'isfinite';
}

/** `out = op(src)`, same shape; out is src's dtype except for the bool-valued ops. */
export function unary(op: UnaryOp, src: View, out: View): void {
  const s = dataOf(src), o = dataOf(out);
  const f = scalarFn(op, src.buffer.dtype);
  if (isContiguous(src) && isContiguous(out)) {
    unaryRow(op, f, s, src.offset, 1, o, out.offset, 1, numelOf(out.shape));
  } else {
    const loop = new Loop(out.shape, [src.strides, out.strides], [src.offset, out.offset], 1);
    const { n, s0, s1 } = loop;
    loop.forEach((is, io) => unaryRow(op, f, s, is, s0, o, io, s1, n));
  }
  if (out.buffer.dtype.name === 'float16') roundHalfView(out);
  else if (out.buffer.dtype.name === 'bfloat16') roundBFloat16View(out);
}
