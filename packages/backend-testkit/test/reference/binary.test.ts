import { describe, expect, it } from 'vitest';
import type { BinaryOp, DTypeName } from '@torchts/core';
import { binary, boolValuedBinaryOps, where } from '../../src/reference/binary.js';
import { empty, expectMatches, fixture, valuesOf, viewOf, type Num } from '../fixtures/golden.js';

interface BinaryGolden { a: Num[]; b: Num[]; results: Record<BinaryOp, (Num | null)[] | null> }

describe('reference binary', () => {
  for (const [dtype, { a, b, results }] of Object.entries(fixture.binary as Record<DTypeName, BinaryGolden>)) {
    for (const [op, expected] of Object.entries(results) as [BinaryOp, (Num | null)[] | null][]) {
      if (expected === null) continue; // PyTorch does not compute it in this dtype
      it(`${op} ${dtype} matches PyTorch on every pair`, () => {
        const n = a.length;
        // Integer division by zero is an error in PyTorch: those pairs are null and skipped.
        const safeB = b.map((v, i) => (expected[i] === null ? 1 : v));
        const outDtype = boolValuedBinaryOps.includes(op) ? 'bool' : (dtype as DTypeName);
        const out = empty(outDtype, [n]);
        binary(op, viewOf(dtype as DTypeName, [n], a), viewOf(dtype as DTypeName, [n], safeB), out);
        expectMatches(valuesOf(out), expected, outDtype, op, 1, a.map((x, i) => `${x} ${op} ${b[i]}` as unknown as Num));
      });
    }
  }
});

describe('reference where', () => {
  it('picks a where cond is true, broadcasting a 0-stride b', () => {
    const cond = viewOf('bool', [4], [1, 0, 0, 1]);
    const a = viewOf('float32', [4], [1, 2, 3, 4]);
    const b = viewOf('float32', [1], [-1]);
    const out = empty('float32', [4]);
    where(cond, a, { ...b, shape: [4], strides: [0] }, out);
    expect(valuesOf(out)).toEqual([1, -1, -1, 4]);
  });
});
