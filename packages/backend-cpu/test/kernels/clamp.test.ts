import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, num, outView, viewOf, type Num, type OutSpec, type ViewSpec } from '../helpers.js';

interface ClampCase { name: string; src: ViewSpec; min: Num | null; max: Num | null; expected: OutSpec }

describe('clamp (PyTorch goldens: NaN bounds, min > max, ints, float16)', () => {
  for (const c of loadCases<ClampCase>('clamp')) {
    it(c.name, () => {
      const out = outView(c.expected.dtype, c.expected.shape);
      cpuBackend.clamp(viewOf(c.src), c.min === null ? null : num(c.min), c.max === null ? null : num(c.max), out);
      expectMatches(out, c.expected, c.name);
    });
  }
});
