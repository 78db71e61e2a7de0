import { describe, expect, it } from 'vitest';
import type { DTypeName, UnaryOp } from '@torchts/core';
import { boolValuedUnaryOps, clamp, unary } from '../../src/reference/unary.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, viewOf, type JsonTensor, type Num } from '../fixtures/golden.js';

describe('reference unary', () => {
  for (const [dtype, { input, results }] of Object.entries(fixture.unary as Record<DTypeName, { input: Num[]; results: Record<UnaryOp, Num[] | null> }>)) {
    for (const [op, expected] of Object.entries(results) as [UnaryOp, Num[] | null][]) {
      if (expected === null) continue; // PyTorch does not compute it in this dtype
      it(`${op} ${dtype} matches PyTorch`, () => {
        const src = viewOf(dtype as DTypeName, [input.length], input);
        const outDtype = boolValuedUnaryOps.includes(op) ? 'bool' : (dtype as DTypeName);
        const out = empty(outDtype, [input.length]);
        unary(op, src, out);
        expectMatches(valuesOf(out), expected, outDtype, op, 2, input);
      });
    }
  }

  it('has a float32 golden for every op but bitwiseNot', () => {
    const missing = Object.entries(fixture.unary.float32.results).filter(([, r]) => r === null).map(([op]) => op);
    expect(missing).toEqual(['bitwiseNot']);
  });
});

describe('reference clamp', () => {
  for (const c of fixture.clamp as { input: JsonTensor; min: number | null; max: number | null; out: Num[] }[]) {
    it(`clamp ${c.input.dtype} to [${c.min}, ${c.max}] matches PyTorch`, () => {
      const src = fromJson(c.input);
      const out = empty(c.input.dtype, c.input.shape);
      clamp(src, c.min, c.max, out);
      expectMatches(valuesOf(out), c.out, c.input.dtype, 'clamp', 0, c.input.values);
    });
  }
});
