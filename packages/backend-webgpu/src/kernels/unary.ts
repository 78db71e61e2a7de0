/**
 * Elementwise unary kernels. Floats compute in float32 with the library's accurate math
 * (`wgsl/library.ts`), float16 rounds on store; integers wrap to their width on store; the
 * float-only ops only ever see float inputs (core casts first). NaN and infinities follow
 * PyTorch: `sign(NaN)` is 0, `relu(NaN)` is NaN, `round` ties to even.
 * @module
 */
import type { UnaryOp, View } from '@torchts/core';
import type { GpuRuntime } from '../runtime.js';
import { elementwise } from '../strided.js';
import { wgslType } from '../wgsl/dtype.js';

/** WGSL of each op on a float32 `x`. */
const FLOAT: Record<UnaryOp, string> = {
  neg: '-x',
  abs: 'abs(x)',
  sign: 'select(select(select(0.0, -1.0, x < 0.0), 1.0, x > 0.0), 0.0, is_nan(x))',
  exp: 'exp_f(x)',
  expm1: 'expm1_f(x)',
  log: 'log_f(x)',
  log1p: 'log1p_f(x)',
  log2: 'log2_f(x)',
  log10: 'log10_f(x)',
  sqrt: 'sqrt_f(x)',
  rsqrt: 'div_f(1.0, sqrt_f(x))',
  reciprocal: 'div_f(1.0, x)',
  square: 'x * x',
  sin: 'sin_f(x)',
  cos: 'cos_f(x)',
  tan: 'tan_f(x)',
  asin: 'asin_f(x)',
  acos: 'acos_f(x)',
  atan: 'atan_f(x)',
  sinh: 'sinh_f(x)',
  cosh: 'cosh_f(x)',
  tanh: 'tanh_f(x)',
  asinh: 'asinh_f(x)',
  acosh: 'acosh_f(x)',
  atanh: 'atanh_f(x)',
  erf: 'erf_f(x)',
  erfc: 'erfc_f(x)',
  sigmoid: '1.0 / (1.0 + exp_f(-x))',
  relu: 'select(0.0, x, x > 0.0 || is_nan(x))',
  silu: 'x / (1.0 + exp_f(-x))',
  gelu: '0.5 * x * (1.0 + erf_f(x * 0.7071067811865476))',
  floor: 'floor(x)',
  ceil: 'ceil(x)',
  round: 'round(x)',
  trunc: 'trunc(x)',
  frac: 'select(x - trunc(x), f_nan(), !is_finite(x))',
  logicalNot: 'select(0, 1, !nonzero_f(x))',
  bitwiseNot: 'x',
  isnan: 'select(0, 1, is_nan(x))',
  isinf: 'select(0, 1, is_inf(x))',
  isfinite: 'select(0, 1, is_finite(x))',
};

/** WGSL of each op on an int32 `x` (every integer dtype and bool computes in i32). */
const INT: Partial<Record<UnaryOp, string>> = {
  neg: '-x',
  abs: 'abs(x)',
  sign: 'sign(x)',
  square: 'x * x',
  relu: 'max(x, 0)',
  floor: 'x', ceil: 'x', round: 'x', trunc: 'x',
  logicalNot: 'select(0, 1, x == 0)',
  bitwiseNot: '~x',
  isnan: '0', isinf: '0', isfinite: '1',
};

// sqrt keeps the sign of zero (rsqrt(-0) is -inf) and gives NaN below 0 on every adapter.
const SQRT = `fn sqrt_f(x: f32) -> f32 {
  if (!nonzero_f(x)) { return x; }
  if (x < 0.0 || is_nan(x)) { return f_nan(); }
  return sqrt(x);
}`;

/** `out = op(src)`, same shape; out is src's dtype except for the bool-valued ops. */
export function unary(rt: GpuRuntime, op: UnaryOp, src: View, out: View): void {
  const dt = src.buffer.dtype;
  const float = wgslType(dt) === 'f32';
  let expr = float ? FLOAT[op] : INT[op];
  if (dt.isBool && op === 'bitwiseNot') expr = '1 - x';
  if (expr === undefined) throw new TypeError(`webgpu: unary ${op} is not defined for ${dt.toString()}`);
  elementwise(rt, {
    key: `unary:${op}`,
    shape: out.shape,
    operands: [{ name: 'src', view: src, access: 'read' }, { name: 'out', view: out, access: 'write' }],
    body: `let x = ld_src(o_src);\n  st_out(o_out, ${expr});`,
    helpers: expr.includes('sqrt_f') ? SQRT : '',
  });
}
