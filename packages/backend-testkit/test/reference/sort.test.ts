import { describe, it } from 'vitest';
import { sort } from '../../src/reference/sort.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

interface SortCase { dim: number; descending: boolean; input: JsonTensor; values: JsonTensor; indices: JsonTensor }

describe('reference sort', () => {
  for (const c of fixture.sort as SortCase[]) {
    it(`${c.input.dtype} dim ${c.dim}${c.descending ? ' descending' : ''} matches PyTorch's stable sort`, () => {
      const values = empty(c.values.dtype, c.values.shape);
      const indices = empty('int64', c.indices.shape);
      sort(fromJson(c.input), c.dim, c.descending, values, indices);
      expectMatches(valuesOf(values), c.values.values, c.values.dtype, 'sort values', 0);
      expectMatches(valuesOf(indices), c.indices.values, 'int64', 'sort indices', 0);
    });
  }
});
