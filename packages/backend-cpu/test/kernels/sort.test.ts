import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface SortCase { name: string; dim: number; descending: boolean; src: ViewSpec; values: OutSpec; indices: OutSpec }

describe('sort (PyTorch goldens: stable, NaN largest, descending, both dims, transposed)', () => {
  for (const c of loadCases<SortCase>('sort')) {
    it(c.name, () => {
      const values = outView(c.values.dtype, c.values.shape);
      const indices = outView('int64', c.indices.shape);
      cpuBackend.sort(viewOf(c.src), c.dim, c.descending, values, indices);
      expectMatches(values, c.values, `${c.name} values`, { float32: [0, 0] });
      expectMatches(indices, c.indices, `${c.name} indices`);
    });
  }
});
