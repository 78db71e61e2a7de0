import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Conv2dParams } from '@torchts/core';
import { cpuBackend } from '../../src/index.js';
import { setSgemmEnabled } from '../../src/kernels/wasm-sgemm.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface ConvCase {
  name: string;
  params: { stride: number[]; padding: number[]; dilation: number[]; groups: number };
  input: ViewSpec; weight: ViewSpec; bias: ViewSpec | null; gradOut: ViewSpec;
  out: OutSpec; gradInput: OutSpec; gradWeight: OutSpec;
}

const tol = { float32: [1e-5, 1e-4] as [number, number] };

for (const path of ['WebAssembly GEMM', 'JavaScript fallback'] as const) {
  const what = 'F.conv2d, torch.nn.grad.conv2d_input/_weight';
  describe(`conv2d and its backward kernels, ${path} (PyTorch goldens: ${what})`, () => {
    let was = true;
    beforeAll(() => {
      was = setSgemmEnabled(path === 'WebAssembly GEMM');
    });
    afterAll(() => {
      setSgemmEnabled(was);
    });
    const fused = cpuBackend.fused!;
    for (const c of loadCases<ConvCase>('conv2d')) {
      const p: Conv2dParams = {
        stride: c.params.stride as [number, number], padding: c.params.padding as [number, number],
        dilation: c.params.dilation as [number, number], groups: c.params.groups,
      };
      it(`forward ${c.name}`, () => {
        const out = outView(c.out.dtype, c.out.shape);
        fused.conv2d!(viewOf(c.input), viewOf(c.weight), c.bias ? viewOf(c.bias) : null, p, out);
        expectMatches(out, c.out, c.name, tol);
      });
      it(`grad input ${c.name}`, () => {
        const gi = outView(c.gradInput.dtype, c.gradInput.shape);
        fused.conv2dBackwardInput!(viewOf(c.gradOut), viewOf(c.weight), p, gi);
        expectMatches(gi, c.gradInput, c.name, tol);
      });
      it(`grad weight ${c.name}`, () => {
        const gw = outView(c.gradWeight.dtype, c.gradWeight.shape);
        fused.conv2dBackwardWeight!(viewOf(c.gradOut), viewOf(c.input), p, gw);
        expectMatches(gw, c.gradWeight, c.name, tol);
      });
    }
  });
}
