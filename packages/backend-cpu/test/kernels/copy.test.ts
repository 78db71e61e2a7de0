import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { loadCases, outView, expectMatches, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface CopyCase { name: string; src: ViewSpec; outStrides?: number[]; expected: OutSpec }

describe('copy (PyTorch goldens: every dtype pair, strided views)', () => {
  for (const c of loadCases<CopyCase>('copy')) {
    it(c.name, () => {
      const src = viewOf(c.src);
      const out = outView(c.expected.dtype, c.expected.shape, c.outStrides);
      cpuBackend.copy(src, out);
      // Casts are exact: no tolerance.
      expectMatches(out, c.expected, c.name, { float32: [0, 0], float64: [0, 0], float16: [0, 0] });
    });
  }

  it('never stores -0 in an int64 buffer', () => {
    const src = viewOf({ dtype: 'float64', shape: [2], strides: [1], offset: 0, data: [-0.5, -0] });
    const out = outView('int64', [2]);
    cpuBackend.copy(src, out);
    expect(Object.is(cpuBackend.read(out)[0], 0)).toBe(true);
    expect(Object.is(cpuBackend.read(out)[1], 0)).toBe(true);
  });
});
