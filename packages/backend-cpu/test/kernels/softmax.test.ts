import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface SoftmaxCase { name: string; log: boolean; src: ViewSpec; expected: OutSpec }

describe('softmax / log-softmax (PyTorch goldens: float32/64/16, NaN and infinite entries)', () => {
  for (const c of loadCases<SoftmaxCase>('softmax')) {
    it(c.name, () => {
      const out = outView(c.expected.dtype, c.expected.shape);
      cpuBackend.fused!.softmax!(viewOf(c.src), c.log, out);
      expectMatches(out, c.expected, c.name);
    });
  }
});
