import { describe, expect, it } from 'vitest';
import type { ReduceOp } from '@torchts/core';
import { reduceSpecs } from '../../src/families/reduce.js';
import { allDtypes } from '../../src/cases/dtypes.js';
import { checkable, torchResult } from '../fixtures/support.js';

describe('reduceSpecs', () => {
  it('tests each reduction where PyTorch has it, with PyTorch\'s output dtype', () => {
    // all/any: PyTorch takes every dtype; the contract writes bool.
    for (const op of ['sum', 'prod', 'max', 'min', 'argmax', 'argmin'] as ReduceOp[]) {
      const spec = reduceSpecs[op];
      const ours = checkable(allDtypes).map((d) => [d.name, spec.dtypes.includes(d) ? spec.out(d).name : null]);
      const torch = checkable(allDtypes).map((d) => [d.name, torchResult(op, d)]);
      expect({ op, ours }).toEqual({ op, ours: torch });
    }
  });
});
