/**
 * `where`: `out = cond ? a : b` with all three broadcast to out's shape.
 * @module
 */
import type { View } from '@torchts/core';
import type { GpuRuntime } from '../runtime.js';
import { elementwise } from '../strided.js';

/** `out = cond ? a : b`; cond is bool, a, b and out share one dtype, all broadcast to out's shape. */
export function where(rt: GpuRuntime, cond: View, a: View, b: View, out: View): void {
  elementwise(rt, {
    key: 'where',
    shape: out.shape,
    operands: [
      { name: 'cond', view: cond, access: 'read' },
      { name: 'a', view: a, access: 'read' },
      { name: 'b', view: b, access: 'read' },
      { name: 'out', view: out, access: 'write' },
    ],
    body: 'st_out(o_out, select(ld_b(o_b), ld_a(o_a), ld_cond(o_cond) != 0));',
  });
}
