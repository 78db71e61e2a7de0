import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface WhereCase { name: string; cond: ViewSpec; a: ViewSpec; b: ViewSpec; expected: OutSpec }

describe('where (PyTorch goldens: three-way broadcast, transposed operands)', () => {
  for (const c of loadCases<WhereCase>('where')) {
    it(c.name, () => {
      const out = outView(c.expected.dtype, c.expected.shape);
      cpuBackend.where(viewOf(c.cond), viewOf(c.a), viewOf(c.b), out);
      expectMatches(out, c.expected, c.name, { float32: [0, 0] });
    });
  }
});
