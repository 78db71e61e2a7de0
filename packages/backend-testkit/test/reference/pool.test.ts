import { describe, it } from 'vitest';
import { maxPool2d } from '../../src/reference/pool.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

interface PoolCase {
  input: JsonTensor; kernel: [number, number]; stride: [number, number]; padding: [number, number];
  dilation: [number, number]; values: JsonTensor; indices: JsonTensor;
}

describe('reference maxPool2d', () => {
  (fixture.maxPool2d as PoolCase[]).forEach((c, i) => {
    it(`#${i} kernel ${c.kernel} stride ${c.stride} padding ${c.padding} dilation ${c.dilation} (ties, NaN, -inf) matches PyTorch`, () => {
      const values = empty('float32', c.values.shape);
      const indices = empty('int64', c.indices.shape);
      maxPool2d(fromJson(c.input), c.kernel, c.stride, c.padding, c.dilation, values, indices);
      expectMatches(valuesOf(values), c.values.values, 'float32', 'maxPool2d values', 0);
      expectMatches(valuesOf(indices), c.indices.values, 'int64', 'maxPool2d indices', 0);
    });
  });
});
