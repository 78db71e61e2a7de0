import { describe, it } from 'vitest';
import type { View } from '@torchts/core';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type Tolerance, type ViewSpec } from '../helpers.js';

interface BatchNormCase {
  name: string;
  eps: number;
  input: ViewSpec;
  gradOut: ViewSpec;
  weight?: ViewSpec;
  bias?: ViewSpec;
  expected: {
    out: OutSpec; mean: OutSpec; invstd: OutSpec; gradInput: OutSpec; gradWeight?: OutSpec; gradBias: OutSpec;
  };
}

/** A contiguous view holding an expected output's values (PyTorch's mean and invstd, for the backward). */
function given(spec: OutSpec): View {
  return viewOf({ dtype: spec.dtype, shape: spec.shape, strides: [1], offset: 0, data: spec.data });
}

// PyTorch's goldens (fixtures/gen_batch_norm.py): float32/float64 from PyTorch's own kernels,
// float16/bfloat16 from its float32 kernels on the rounded inputs, as the contract specifies.
describe('batchNorm / batchNormBackward (PyTorch goldens: [N, C, S] shapes, with and without weight and bias)', () => {
  const fused = cpuBackend.fused!;
  for (const c of loadCases<BatchNormCase>('batch_norm')) {
    it(c.name, () => {
      const e = c.expected;
      const x = viewOf(c.input), w = c.weight ? viewOf(c.weight) : null, b = c.bias ? viewOf(c.bias) : null;
      const out = outView(e.out.dtype, e.out.shape), mean = outView(e.mean.dtype, e.mean.shape);
      const invstd = outView(e.invstd.dtype, e.invstd.shape);
      fused.batchNorm!(x, w, b, c.eps, out, mean, invstd);
      expectMatches(out, e.out, `${c.name} out`, { float32: [1e-5, 1e-6], float64: [1e-12, 1e-12] });
      expectMatches(mean, e.mean, `${c.name} mean`);
      expectMatches(invstd, e.invstd, `${c.name} invstd`);
      const gy = viewOf(c.gradOut);
      const gi = outView(e.gradInput.dtype, e.gradInput.shape), gb = outView(e.gradBias.dtype, e.gradBias.shape);
      const gw = e.gradWeight ? outView(e.gradWeight.dtype, e.gradWeight.shape) : null;
      fused.batchNormBackward!(gy, x, w, given(e.mean), given(e.invstd), gi, gw, gb);
      const gtol: Tolerance = { float32: [1e-5, 1e-5], float64: [1e-12, 1e-12] };
      expectMatches(gi, e.gradInput, `${c.name} gradInput`, { ...gtol, float16: [2e-3, 2e-3], bfloat16: [1.6e-2, 1.6e-2] });
      if (gw) expectMatches(gw, e.gradWeight!, `${c.name} gradWeight`, gtol);
      expectMatches(gb, e.gradBias, `${c.name} gradBias`, gtol);
    });
  }

  it('computes only the backward outputs it is given', () => {
    const c = loadCases<BatchNormCase>('batch_norm')[0]!, e = c.expected;
    const x = viewOf(c.input), w = c.weight ? viewOf(c.weight) : null, gy = viewOf(c.gradOut);
    for (let mask = 0; mask < 8; mask++) {
      const gi = mask & 1 ? outView(e.gradInput.dtype, e.gradInput.shape) : null;
      const gw = mask & 2 ? outView(e.gradWeight!.dtype, e.gradWeight!.shape) : null;
      const gb = mask & 4 ? outView(e.gradBias.dtype, e.gradBias.shape) : null;
      fused.batchNormBackward!(gy, x, w, given(e.mean), given(e.invstd), gi, gw, gb);
      if (gi) expectMatches(gi, e.gradInput, `mask ${mask} gradInput`, { float32: [1e-5, 1e-5] });
      if (gw) expectMatches(gw, e.gradWeight!, `mask ${mask} gradWeight`, { float32: [1e-5, 1e-5] });
      if (gb) expectMatches(gb, e.gradBias, `mask ${mask} gradBias`, { float32: [1e-5, 1e-5] });
    }
  });
});
