import { describe, expect, it } from 'vitest';
import type { UnaryOp } from '@torchts/core';
import { cpuBackend } from '../../src/index.js';
import { isBoolUnary } from '../../src/kernels/unary.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface UnaryCase { name: string; op: UnaryOp; src: ViewSpec; expected: OutSpec }

describe('unary (PyTorch goldens: every op, float32/64/16, integers, special values)', () => {
  for (const c of loadCases<UnaryCase>('unary')) {
    it(c.name, () => {
      const src = viewOf(c.src);
      const out = outView(c.expected.dtype, c.expected.shape);
      cpuBackend.unary(c.op, src, out);
      expectMatches(out, c.expected, c.name);
    });
  }

  it('writes bool for the predicates only', () => {
    expect(isBoolUnary('isnan')).toBe(true);
    expect(isBoolUnary('neg')).toBe(false);
  });

  it('runs in place on a transposed view', () => {
    const v = viewOf({ dtype: 'float32', shape: [2, 3], strides: [1, 2], offset: 0, data: [-1, 2, -3, 4, -5, 6] });
    cpuBackend.unary('relu', v, v);
    expect([...cpuBackend.read(v)]).toEqual([0, 0, 0, 2, 4, 6]);
  });
});
