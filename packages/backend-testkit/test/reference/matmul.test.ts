import { describe, it } from 'vitest';
import type { View } from '@torchts/core';
import { matmul } from '../../src/reference/matmul.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

/** `v` viewed with out's batch dims, broadcast with 0 strides, as core hands it to kernels. */
function broadcastBatch(v: View, batch: readonly number[]): View {
  const r = v.shape.length, extra = batch.length - (r - 2);
  const shape = [...batch, ...v.shape.slice(r - 2)];
  const strides = shape.map((s, d) => {
    if (d >= batch.length) return v.strides[d - extra];
    const own = d - extra;
    return own < 0 || v.shape[own] === 1 ? 0 : v.strides[own];
  });
  return { ...v, shape, strides };
}

describe('reference matmul', () => {
  (fixture.matmul as { a: JsonTensor; b: JsonTensor; out: JsonTensor }[]).forEach((c) => {
    it(`${c.a.dtype} [${c.a.shape}] x [${c.b.shape}] matches PyTorch`, () => {
      const batch = c.out.shape.slice(0, -2);
      const out = empty(c.out.dtype, c.out.shape);
      matmul(broadcastBatch(fromJson(c.a), batch), broadcastBatch(fromJson(c.b), batch), out);
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, 'matmul', 1);
    });
  });
});
