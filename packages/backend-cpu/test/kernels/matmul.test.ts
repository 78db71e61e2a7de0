import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface MatmulCase { name: string; a: ViewSpec; b: ViewSpec; expected: OutSpec }

describe('matmul (PyTorch goldens: sizes crossing the block sizes, transposed operands, batch broadcast, ints)', () => {
  for (const c of loadCases<MatmulCase>('matmul')) {
    it(c.name, () => {
      const out = outView(c.expected.dtype, c.expected.shape);
      cpuBackend.matmul(viewOf(c.a), viewOf(c.b), out);
      // PyTorch accumulates float32 in float32; we accumulate in float64.
      expectMatches(out, c.expected, c.name, { float32: [1e-5, 1e-4], float16: [2e-3, 1e-3] });
    });
  }
});
