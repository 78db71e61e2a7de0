/**
 * Reference elementwise unary kernels and `clamp`.
 * @module
 */
import type { UnaryOp, View } from '@torchts/core';
import { getAt, indicesOf, setAt } from './storage.js';
import { roundTiesToEven } from './round.js';
import { erf, erfc } from './erf.js';

/** The unary ops whose output is bool whatever the input dtype. */
export const boolValuedUnaryOps: readonly UnaryOp[] = ['logicalNot', 'isnan', 'isinf', 'isfinite'];

/** Each unary op on one float64 value, as PyTorch defines it (`bitwiseNot` here is for integers). */
export const unaryFunctions: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), // PyTorch: sign(NaN) = 0
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
  relu: (x) => Math.max(x, 0), // keeps NaN, as PyTorch does
  silu: (x) => x / (1 + Math.exp(-x)),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)), // the exact (erf) form, F.gelu's default
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundTiesToEven,
  trunc: Math.trunc,
  frac: (x) => x - Math.trunc(x),
  logicalNot: (x) => (x === 0 ? 1 : 0),
  bitwiseNot: (x) => -x - 1, // ~x in two's complement; roundTo wraps unsigned types
  isnan: (x) => (Number.isNaN(x) ? 1 : 0),
  isinf: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

/** `out = op(src)` elementwise. */
export function unary(op: UnaryOp, src: View, out: View): void {
  const f = op === 'bitwiseNot' && src.buffer.dtype.isBool ? (x: number) => 1 - x : unaryFunctions[op];
  for (const idx of indicesOf(out.shape)) setAt(out, idx, f(getAt(src, idx)));
}

/** `out = min(max(src, min), max)`: NaN stays NaN, and min > max gives max, as in PyTorch. */
export function clamp(src: View, min: number | null, max: number | null, out: View): void {
  for (const idx of indicesOf(out.shape)) {
    let y = getAt(src, idx);
    if (min !== null && y < min) y = min;
    if (max !== null && y > max) y = max;
    setAt(out, idx, y);
  }
}
