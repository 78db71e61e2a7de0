import { describe, expect, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface IndexCase {
  name: string;
  kind: 'gather' | 'scatter' | 'scatterAdd' | 'indexSelect';
  dim: number;
  src: ViewSpec;
  index: ViewSpec;
  out?: ViewSpec;
  outShape?: number[];
  expected?: OutSpec;
  error?: string;
}

describe('gather / scatter / scatterAdd / indexSelect (PyTorch goldens)', () => {
  for (const c of loadCases<IndexCase>('gather-scatter')) {
    it(c.name, () => {
      const index = viewOf(c.index), src = viewOf(c.src);
      if (c.kind === 'scatter' || c.kind === 'scatterAdd') {
        const out = viewOf(c.out!);
        cpuBackend[c.kind](out, c.dim, index, src);
        expectMatches(out, c.expected!, c.name);
        return;
      }
      const out = outView(c.src.dtype, c.expected?.shape ?? c.outShape!);
      const run = (): void => cpuBackend[c.kind as 'gather' | 'indexSelect'](src, c.dim, index, out);
      if (c.error !== undefined) {
        expect(run).toThrow(c.error);
        return;
      }
      run();
      expectMatches(out, c.expected!, c.name, { float32: [0, 0] });
    });
  }
});
