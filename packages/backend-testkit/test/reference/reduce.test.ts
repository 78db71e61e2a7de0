import { describe, it } from 'vitest';
import type { ReduceOp } from '@torchts/core';
import { reduce } from '../../src/reference/reduce.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

interface ReduceCase { op: ReduceOp; dims: number[]; input: JsonTensor; out: JsonTensor }

describe('reference reduce', () => {
  (fixture.reduce as ReduceCase[]).forEach((c, i) => {
    it(`#${i} ${c.op} ${c.input.dtype} [${c.input.shape}] over [${c.dims}] matches PyTorch`, () => {
      const out = empty(c.out.dtype, c.out.shape);
      reduce(c.op, fromJson(c.input), c.dims, out);
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, c.op, 0);
    });
  });
});
