import { describe, expect, it } from 'vitest';
import type { BinaryOp } from '@torchts/core';
import { binarySpecs } from '../../src/families/binary.js';
import { allDtypes } from '../../src/cases/dtypes.js';
import { checkable, torchComputes } from '../fixtures/support.js';

describe('binarySpecs', () => {
  it('tests each op in exactly the dtypes where PyTorch computes it without promotion', () => {
    for (const [op, spec] of Object.entries(binarySpecs) as [BinaryOp, { dtypes: readonly { name: string }[] }][]) {
      const tested = checkable(allDtypes).filter((d) => spec.dtypes.includes(d)).map((d) => d.name);
      const torch = checkable(allDtypes).filter((d) => torchComputes('binary', op, d)).map((d) => d.name);
      expect({ op, dtypes: tested }).toEqual({ op, dtypes: torch });
    }
  });
});
