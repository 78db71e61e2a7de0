import { describe, expect, it } from 'vitest';
import type { UnaryOp } from '@torchts/core';
import { unarySpecs } from '../../src/families/unary.js';
import { allDtypes } from '../../src/cases/dtypes.js';
import { checkable, torchComputes } from '../fixtures/support.js';

describe('unarySpecs', () => {
  it('tests each op in exactly the dtypes where PyTorch computes it in place of dtype', () => {
    for (const [op, spec] of Object.entries(unarySpecs) as [UnaryOp, { dtypes: readonly { name: string }[] }][]) {
      const tested = checkable(allDtypes).filter((d) => spec.dtypes.includes(d)).map((d) => d.name);
      const torch = checkable(allDtypes).filter((d) => torchComputes('unary', op, d)).map((d) => d.name);
      expect({ op, dtypes: tested }).toEqual({ op, dtypes: torch });
    }
  });
});
