// The dtype lists the families without a table of their own use (matmul, clamp, sort, indexing,
// cumulative), against PyTorch.
import { describe, expect, it } from 'vitest';
import { allDtypes, numericDtypes } from '../../src/cases/dtypes.js';
import { accumulateDtype } from '../../src/families/common.js';
import { checkable, torchResult } from '../fixtures/support.js';

describe('dtype lists of the other families', () => {
  const names = (k: string) => checkable(allDtypes).filter((d) => torchResult(k, d) !== null).map((d) => d.name);
  it('matmul and clamp: every numeric dtype', () => {
    expect(names('matmul')).toEqual(checkable(numericDtypes).map((d) => d.name));
    expect(checkable(numericDtypes).every((d) => torchResult('clamp', d) === d.name)).toBe(true);
  });
  it('sort, gather, scatter, scatterAdd, indexSelect, where: every dtype, keeping it', () => {
    for (const k of ['sort', 'gather', 'scatter', 'scatterAdd', 'indexSelect', 'where']) {
      expect({ k, dtypes: checkable(allDtypes).filter((d) => torchResult(k, d) === d.name).map((d) => d.name) })
        .toEqual({ k, dtypes: checkable(allDtypes).map((d) => d.name) });
    }
  });
  it('cumulative: every dtype, into its accumulate dtype', () => {
    for (const k of ['cumsum', 'cumprod']) {
      for (const d of checkable(allDtypes)) expect([k, d.name, torchResult(k, d)]).toEqual([k, d.name, accumulateDtype(d).name]);
    }
  });
});
