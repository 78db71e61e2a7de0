import { describe, it } from 'vitest';
import { softmax } from '../../src/reference/softmax.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

describe('reference softmax', () => {
  for (const c of fixture.softmax as { log: boolean; input: JsonTensor; out: JsonTensor }[]) {
    it(`${c.log ? 'logSoftmax' : 'softmax'} ${c.input.dtype} (with -inf, inf and NaN rows) matches PyTorch`, () => {
      const out = empty(c.out.dtype, c.out.shape);
      softmax(fromJson(c.input), c.log, out);
      expectMatches(valuesOf(out), c.out.values, c.out.dtype, 'softmax', 4);
    });
  }
});
