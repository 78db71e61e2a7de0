import { describe, it } from 'vitest';
import type { ReduceOp } from '@torchts/core';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface ReduceCase { name: string; op: ReduceOp; dims: number[]; src: ViewSpec; expected: OutSpec }

describe('reduce (PyTorch goldens: dims sets, permuted input, NaN, ties, integer and empty inputs)', () => {
  for (const c of loadCases<ReduceCase>('reduce')) {
    it(c.name, () => {
      const out = outView(c.expected.dtype, c.expected.shape);
      cpuBackend.reduce(c.op, viewOf(c.src), c.dims, out);
      // PyTorch sums float32 in float32 (cascade); we sum in float64 and round once.
      expectMatches(out, c.expected, c.name, { float32: [2e-5, 1e-5] });
    });
  }
});
