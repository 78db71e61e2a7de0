// Shape helpers (src/shape.ts) against PyTorch 1.13 goldens (fixtures/gen_misc.py):
// broadcasting, contiguous strides, contiguity, dim wrapping, view strides.
import './setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { contiguousStrides, inferSize, isContiguousLayout, normalizeDims, viewStrides } from '../src/shape.js';
import { loadFixture } from './fixtures/golden.js';

interface Fixture {
  broadcast: { shapes: number[][]; result?: number[]; error?: string; message?: string }[];
  binaryBroadcast: { a: number[]; b: number[]; error: string; message: string }[];
  strides: { shape: number[]; strides: number[] }[];
  contiguity: { shape: number[]; strides: number[]; contiguous: boolean }[];
  dims: { dim: number; ndim: number; ok?: boolean; error?: string; message?: string }[];
}
const fx = loadFixture<Fixture>('misc.json');

describe('broadcastShapes', () => {
  for (const c of fx.broadcast) {
    it(c.shapes.map((s) => `[${s.join(', ')}]`).join(' with '), () => {
      if (c.result) expect(torch.broadcastShapes(...c.shapes)).toEqual(c.result);
      // torch.broadcast_shapes says "Shape mismatch: objects cannot be broadcast to a single shape";
      // torchts's helper gives the message the elementwise ops print (below).
      else expect(() => torch.broadcastShapes(...c.shapes)).toThrow(torch.RuntimeError);
    });
  }
  for (const c of fx.binaryBroadcast) {
    it(`ops report [${c.a.join(', ')}] + [${c.b.join(', ')}] as PyTorch does`, () => {
      expect(() => torch.broadcastShapes(c.a, c.b)).toThrow(c.message);
      expect(() => torch.zeros(c.a).add(torch.zeros(c.b))).toThrow(c.message);
    });
  }
});

describe('strides and contiguity', () => {
  for (const c of fx.strides) {
    it(`contiguous strides of [${c.shape.join(', ')}]`, () => {
      expect(torch.contiguousStrides(c.shape)).toEqual(c.strides);
      expect(torch.zeros(c.shape).stride()).toEqual(c.strides);
    });
  }
  for (const c of fx.contiguity) {
    it(`[${c.shape.join(', ')}] with strides [${c.strides.join(', ')}] is ${c.contiguous ? '' : 'not '}contiguous`, () => {
      expect(isContiguousLayout(c.shape, c.strides)).toBe(c.contiguous);
    });
  }
});

describe('normalizeDim', () => {
  for (const c of fx.dims) {
    it(`dim ${c.dim} of a ${c.ndim}-d tensor`, () => {
      if (c.ok) expect(torch.normalizeDim(c.dim, c.ndim)).toBe(c.dim < 0 ? c.dim + Math.max(c.ndim, 1) : c.dim);
      else {
        expect(() => torch.normalizeDim(c.dim, c.ndim)).toThrow(torch.IndexError);
        expect(() => torch.normalizeDim(c.dim, c.ndim)).toThrow(c.message!);
      }
    });
  }
  it('normalizeDims refuses repeats', () => {
    expect(normalizeDims([0, -1], 2)).toEqual([0, 1]);
    expect(() => normalizeDims([0, -2], 2)).toThrow('dim 0 appears multiple times in the list of dims');
  });
});

describe('inferSize and viewStrides', () => {
  it('infers one -1', () => {
    expect(inferSize([-1, 4], 12)).toEqual([3, 4]);
    expect(() => inferSize([-1, -1], 12)).toThrow('only one dimension can be inferred');
    expect(() => inferSize([5, -1], 12)).toThrow("shape '[5, -1]' is invalid for input of size 12");
    expect(() => inferSize([-2, 6], 12)).toThrow('invalid shape dimension -2');
  });
  it('computes view strides like PyTorch, or null', () => {
    expect(viewStrides([2, 3, 4], contiguousStrides([2, 3, 4]), [6, 4])).toEqual([4, 1]);
    expect(viewStrides([4, 3], [1, 4], [12])).toBeNull();
    expect(viewStrides([4, 3], [1, 4], [2, 2, 3])).toEqual([2, 1, 4]);
    expect(viewStrides([], [], [1, 1])).toEqual([1, 1]);
  });
  it('shapeStr prints like PyTorch messages', () => {
    expect(torch.shapeStr([2, 3])).toBe('[2, 3]');
    expect(torch.numelOf([2, 0, 3])).toBe(0);
    expect(torch.numelOf([])).toBe(1);
  });
});
