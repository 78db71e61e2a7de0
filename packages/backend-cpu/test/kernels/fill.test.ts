import { describe, it } from 'vitest';
import { cpuBackend } from '../../src/index.js';
import { expectMatches, loadCases, outView, type OutSpec } from '../helpers.js';
import type { DTypeName } from '@torchts/core';

interface FillCase { name: string; dtype: DTypeName; shape: number[]; value: number; expected: OutSpec }

describe('fill (PyTorch goldens: torch.full)', () => {
  for (const c of loadCases<FillCase>('fill')) {
    it(c.name, () => {
      const out = outView(c.dtype, c.shape);
      cpuBackend.fill(out, c.value);
      expectMatches(out, c.expected, c.name, { float16: [0, 0], float32: [0, 0] });
    });
  }

  it('fills a strided view and leaves the gaps alone', () => {
    const whole = outView('float32', [12]);
    cpuBackend.fill(whole, 0);
    cpuBackend.fill({ buffer: whole.buffer, shape: [3, 2], strides: [4, 2], offset: 1 }, 5);
    expectMatches(whole, { dtype: 'float32', shape: [12], data: [0, 5, 0, 5, 0, 5, 0, 5, 0, 5, 0, 5] }, 'strided');
  });
});
