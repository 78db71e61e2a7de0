import { describe, expect, it } from 'vitest';
import type { Conv2dParams } from '@torchts/core';
import {
  conv2dBackwardInputF32, conv2dBackwardWeightF32, conv2dF32, type ConvGeometry,
} from '../../src/kernels/conv2d-f32.js';
import { dataOf } from '../../src/buffer.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface ConvCase {
  name: string;
  params: { stride: number[]; padding: number[]; dilation: number[]; groups: number };
  input: ViewSpec; weight: ViewSpec; bias: ViewSpec | null; gradOut: ViewSpec;
  out: OutSpec; gradInput: OutSpec; gradWeight: OutSpec;
}

const tol = { float32: [1e-5, 1e-4] as [number, number] };

function geometry(c: ConvCase): ConvGeometry {
  const [N, C, H, W] = c.input.shape as [number, number, number, number];
  const [O, , kH, kW] = c.weight.shape as [number, number, number, number];
  const [, , oH, oW] = c.out.shape as [number, number, number, number];
  const G = c.params.groups;
  return { N, C, H, W, O, oH, oW, kH, kW, G, Cg: C / G, Og: O / G, R: (C / G) * kH * kW, L: oH * oW };
}

const f32 = (spec: ViewSpec) => {
  const v = viewOf(spec);
  return { data: dataOf(v) as Float32Array, offset: v.offset };
};

// The float32 goldens of conv2d.test.ts, straight through the WebAssembly kernels, once in one
// chunk and once a sample (or less) per chunk, so that chunk boundaries are crossed.
describe('conv2d-f32 (PyTorch goldens of conv2d.json, whole batch and one sample per chunk)', () => {
  const cases = loadCases<ConvCase>('conv2d').filter((c) => c.input.dtype === 'float32');
  it('has float32 cases with several samples, padding and groups', () => {
    expect(cases.some((c) => c.input.shape[0]! > 1 && c.params.padding.some((p) => p > 0))).toBe(true);
    expect(cases.some((c) => c.params.groups > 1)).toBe(true);
  });
  for (const chunk of [undefined, 1]) {
    for (const c of cases) {
      const p: Conv2dParams = {
        stride: c.params.stride as [number, number], padding: c.params.padding as [number, number],
        dilation: c.params.dilation as [number, number], groups: c.params.groups,
      };
      const g = geometry(c);
      const label = `${c.name}${chunk ? ', chunks of one sample' : ''}`;
      it(`forward ${label}`, () => {
        const x = f32(c.input), w = f32(c.weight), b = c.bias ? f32(c.bias) : null;
        const out = outView('float32', c.out.shape);
        expect(conv2dF32(x.data, x.offset, w.data, w.offset, b?.data ?? null, b?.offset ?? 0, 1,
          dataOf(out) as Float32Array, 0, g, p, chunk)).toBe(true);
        expectMatches(out, c.out, label, tol);
      });
      it(`grad input ${label}`, () => {
        const gy = f32(c.gradOut), w = f32(c.weight);
        const gi = outView('float32', c.gradInput.shape);
        expect(conv2dBackwardInputF32(gy.data, gy.offset, w.data, w.offset, dataOf(gi) as Float32Array, 0, g, p,
          chunk)).toBe(true);
        expectMatches(gi, c.gradInput, label, tol);
      });
      it(`grad weight ${label}`, () => {
        const gy = f32(c.gradOut), x = f32(c.input);
        const gw = outView('float32', c.gradWeight.shape);
        expect(conv2dBackwardWeightF32(gy.data, gy.offset, x.data, x.offset, dataOf(gw) as Float32Array, 0, g, p,
          chunk)).toBe(true);
        expectMatches(gw, c.gradWeight, label, tol);
      });
    }
  }
});
