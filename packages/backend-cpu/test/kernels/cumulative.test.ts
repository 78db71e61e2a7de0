import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface CumCase { name: string; op: 'sum' | 'prod'; dim: number; src: ViewSpec; expected: OutSpec }

describe('cumulative (PyTorch goldens: cumsum/cumprod, both dims, transposed, int -> int64, NaN)', () => {
  for (const c of loadCases<CumCase>('cumulative')) {
    it(c.name, () => {
      const out = outView(c.expected.dtype, c.expected.shape);
      cpuBackend.cumulative(c.op, viewOf(c.src), c.dim, out);
      expectMatches(out, c.expected, c.name);
    });
  }
});
