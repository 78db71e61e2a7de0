/**
 * Elementwise binary kernels with broadcast (0) strides.
 *
 * Floats compute in float32 (float16 rounds on store) with C's semantics where WGSL's differ:
 * `fmod` is exact (WGSL's `%` is `a - b * trunc(a / b)`), `remainder` takes the divisor's sign,
 * `divFloor` is PyTorch's `div_floor_floating`, `pow` is C's `pow` (negative bases, zeros and
 * infinities included), `maximum`/`minimum` propagate NaN, division by zero gives ±inf/NaN on
 * every adapter. Integers compute in int32 and wrap to their width on store; integer division by
 * zero reports `ZeroDivisionError` at the next read.
 * @module
 */
import type { BinaryOp, View } from '@torchts/core';
import type { GpuRuntime } from '../runtime.js';
import { elementwise } from '../strided.js';
import { wgslType } from '../wgsl/dtype.js';

const FLOAT: Partial<Record<BinaryOp, string>> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  div: 'div_f(a, b)',
  divTrunc: 'trunc(div_f(a, b))',
  divFloor: 'div_floor_f(a, b)',
  remainder: 'remainder_f(a, b)',
  fmod: 'fmod_f(a, b)',
  pow: 'pow_f(a, b)',
  maximum: 'select(select(max(a, b), b, is_nan(b)), a, is_nan(a))',
  minimum: 'select(select(min(a, b), b, is_nan(b)), a, is_nan(a))',
  atan2: 'atan2_f(a, b)',
  // Comparisons with NaN are false (true for ne) on every adapter, whatever its compiler assumes.
  eq: 'select(0, 1, ordered(a, b) && a == b)',
  ne: 'select(0, 1, !ordered(a, b) || a != b)',
  lt: 'select(0, 1, ordered(a, b) && a < b)',
  le: 'select(0, 1, ordered(a, b) && a <= b)',
  gt: 'select(0, 1, ordered(a, b) && a > b)',
  ge: 'select(0, 1, ordered(a, b) && a >= b)',
  logicalAnd: 'select(0, 1, nonzero_f(a) && nonzero_f(b))',
  logicalOr: 'select(0, 1, nonzero_f(a) || nonzero_f(b))',
  logicalXor: 'select(0, 1, nonzero_f(a) != nonzero_f(b))',
};

const INT: Partial<Record<BinaryOp, string>> = {
  add: 'a + b',
  sub: 'a - b',
  mul: 'a * b',
  divTrunc: 'div_trunc_i(a, b)',
  divFloor: 'div_floor_i(a, b)',
  remainder: 'remainder_i(a, b)',
  fmod: 'fmod_i(a, b)',
  pow: 'pow_i(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  eq: 'select(0, 1, a == b)',
  ne: 'select(0, 1, a != b)',
  lt: 'select(0, 1, a < b)',
  le: 'select(0, 1, a <= b)',
  gt: 'select(0, 1, a > b)',
  ge: 'select(0, 1, a >= b)',
  logicalAnd: 'select(0, 1, a != 0 && b != 0)',
  logicalOr: 'select(0, 1, a != 0 || b != 0)',
  logicalXor: 'select(0, 1, (a != 0) != (b != 0))',
  bitwiseAnd: 'a & b',
  bitwiseOr: 'a | b',
  bitwiseXor: 'a ^ b',
};

// Integer division by zero is an error in PyTorch: report it, and write 0.
const INT_HELPERS = `fn nz_i(b: i32) -> bool { if (b == 0) { report(3, 0, 0, 0); return false; } return true; }
fn div_trunc_i(a: i32, b: i32) -> i32 { if (!nz_i(b)) { return 0; } return a / b; }
fn div_floor_i(a: i32, b: i32) -> i32 {
  if (!nz_i(b)) { return 0; }
  let q = a / b;
  if (a % b != 0 && (a < 0) != (b < 0)) { return q - 1; }
  return q;
}
fn remainder_i(a: i32, b: i32) -> i32 {
  if (!nz_i(b)) { return 0; }
  let m = a % b;
  if (m != 0 && (m < 0) != (b < 0)) { return m + b; }
  return m;
}
fn fmod_i(a: i32, b: i32) -> i32 { if (!nz_i(b)) { return 0; } return a % b; }`;

const DIVISIONS: readonly BinaryOp[] = ['divTrunc', 'divFloor', 'remainder', 'fmod'];

/** `out = op(a, b)`; `a` and `b` are broadcast to out's shape (0 strides) and share one dtype. */
export function binary(rt: GpuRuntime, op: BinaryOp, a: View, b: View, out: View): void {
  const dt = a.buffer.dtype;
  const float = wgslType(dt) === 'f32';
  const expr = float ? FLOAT[op] : INT[op];
  if (expr === undefined) throw new TypeError(`webgpu: ${op} is not defined for ${dt.toString()}`);
  const intDivision = !float && DIVISIONS.includes(op);
  elementwise(rt, {
    key: `binary:${op}`,
    shape: out.shape,
    operands: [
      { name: 'a', view: a, access: 'read' },
      { name: 'b', view: b, access: 'read' },
      { name: 'out', view: out, access: 'write' },
    ],
    body: `let a = ld_a(o_a);\n  let b = ld_b(o_b);\n  st_out(o_out, ${expr});`,
    helpers: intDivision ? INT_HELPERS : '',
    status: intDivision,
  });
}
