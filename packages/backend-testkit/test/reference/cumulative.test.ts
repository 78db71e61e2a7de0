import { describe, it } from 'vitest';
import { cumulative } from '../../src/reference/cumulative.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

interface CumulativeCase { op: 'sum' | 'prod'; dim: number; input: JsonTensor; out: JsonTensor }

describe('reference cumulative', () => {
  for (const c of fixture.cumulative as CumulativeCase[]) {
    it(`cum${c.op} ${c.input.dtype} dim ${c.dim} matches PyTorch`, () => {
      const out = empty(c.out.dtype, c.out.shape);
      cumulative(c.op, fromJson(c.input), c.dim, out);
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, `cum${c.op}`, 1);
    });
  }
});
