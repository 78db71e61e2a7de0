import { describe, expect, it } from 'vitest';
import type { BinaryOp } from '@torchts/core';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, viewOf, type OutSpec, type ViewSpec } from '../helpers.js';

interface BinaryCase { name: string; op: BinaryOp; a: ViewSpec; b: ViewSpec; expected?: OutSpec; error?: string }

describe('binary (PyTorch goldens: broadcasting, strided views, integer division semantics, wrapping)', () => {
  for (const c of loadCases<BinaryCase>('binary')) {
    it(c.name, () => {
      const a = viewOf(c.a), b = viewOf(c.b);
      if (c.error !== undefined) {
        const out = outView(c.a.dtype, c.a.shape);
        expect(() => cpuBackend.binary(c.op, a, b, out)).toThrow(c.error);
        try {
          cpuBackend.binary(c.op, a, b, out);
        } catch (err) {
          expect(String(err)).toBe(`RuntimeError: ${c.error}`);
        }
        return;
      }
      const out = outView(c.expected!.dtype, c.expected!.shape);
      cpuBackend.binary(c.op, a, b, out);
      expectMatches(out, c.expected!, c.name);
    });
  }
});
