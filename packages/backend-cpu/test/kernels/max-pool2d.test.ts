import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface PoolCase {
  name: string; kernel: number[]; stride: number[]; padding: number[]; dilation: number[];
  src: ViewSpec; out: OutSpec; indices: OutSpec;
}
type Pair = [number, number];

describe('maxPool2d with indices (PyTorch goldens: max_pool2d_with_indices, padding, dilation, ceil mode, NaN)', () => {
  for (const c of loadCases<PoolCase>('max-pool2d')) {
    it(c.name, () => {
      const out = outView(c.out.dtype, c.out.shape);
      const indices = outView('int64', c.indices.shape);
      cpuBackend.fused!.maxPool2d!(viewOf(c.src), c.kernel as Pair, c.stride as Pair, c.padding as Pair,
        c.dilation as Pair, out, indices);
      expectMatches(out, c.out, `${c.name} values`, { float32: [0, 0] });
      expectMatches(indices, c.indices, `${c.name} indices`);
    });
  }
});
