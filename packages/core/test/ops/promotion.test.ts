// Type promotion against PyTorch 1.13 goldens (fixtures/gen_promotion.py): promote_types,
// result_type over dimensioned tensors, 0-d tensors and JS numbers, can_cast, and what
// arithmetic returns for the classic cases.
import '../setup.js';
import { afterEach, describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { loadFixture } from '../fixtures/golden.js';

type Operand = { dim: torch.DTypeName } | { zero: torch.DTypeName } | { scalar: number | boolean; kind: string };
interface Fixture {
  promoteTypes: [torch.DTypeName, torch.DTypeName, torch.DTypeName][];
  canCast: [torch.DTypeName, torch.DTypeName, boolean][];
  resultType: { default: torch.DTypeName; operands: Operand[]; result: torch.DTypeName }[];
}
const fx = loadFixture<Fixture>('promotion.json');

function operand(o: Operand): torch.Tensor | number | boolean {
  if ('dim' in o) return torch.zeros(2, { dtype: o.dim });
  if ('zero' in o) return torch.zeros([], { dtype: o.zero });
  return o.scalar;
}

afterEach(() => torch.setDefaultDtype(torch.float32));

describe('promotion matches PyTorch', () => {
  it('promoteTypes for every pair of dtypes', () => {
    const bad = fx.promoteTypes.filter(([a, b, r]) => torch.promoteTypes(torch.dtypes[a], torch.dtypes[b]).name !== r);
    expect(bad).toEqual([]);
  });
  it('canCast for every pair of dtypes', () => {
    const bad = fx.canCast.filter(([a, b, r]) => torch.canCast(torch.dtypes[a], torch.dtypes[b]) !== r);
    expect(bad).toEqual([]);
  });
  it('resultType with dimensioned tensors, 0-d tensors and JS numbers, for both default dtypes', () => {
    const bad = fx.resultType.filter((c) => {
      torch.setDefaultDtype(c.default);
      return torch.resultType(...c.operands.map(operand)).name !== c.result;
    });
    expect(bad).toEqual([]);
  });
});

describe('arithmetic result dtypes', () => {
  it('int tensor + 2.5 is float32 (float64 under setDefaultDtype(float64))', () => {
    const x = torch.tensor([1, 2]);
    expect(x.add(2.5).dtype).toBe(torch.float32);
    expect(x.add(2.5).tolist()).toEqual([3.5, 4.5]);
    torch.setDefaultDtype(torch.float64);
    expect(x.add(2.5).dtype).toBe(torch.float64);
  });
  it('int64 tensor * 2 stays int64, int32 tensor * 2 stays int32', () => {
    expect(torch.tensor([1, 2]).mul(2).dtype).toBe(torch.int64);
    expect(torch.tensor([1, 2], { dtype: torch.int32 }).mul(2).dtype).toBe(torch.int32);
  });
  it('bool + bool is bool (logical or), bool + 1 is int64', () => {
    const b = torch.tensor([true, false]);
    const s = b.add(torch.tensor([true, true]));
    expect(s.dtype).toBe(torch.bool);
    expect(s.tolist()).toEqual([true, true]);
    expect(b.add(1).dtype).toBe(torch.int64);
  });
  it('uint8 + int8 is int16', () => {
    const r = torch.tensor([200], { dtype: torch.uint8 }).add(torch.tensor([-100], { dtype: torch.int8 }));
    expect(r.dtype).toBe(torch.int16);
    expect(r.tolist()).toEqual([100]);
  });
  it('a 0-d float64 tensor does not widen a float32 tensor; a 0-d float tensor does make an int tensor float', () => {
    const x = torch.ones(2);
    expect(x.add(torch.tensor(1.5, { dtype: torch.float64 })).dtype).toBe(torch.float32);
    expect(torch.tensor([1, 2]).add(torch.tensor(1.5, { dtype: torch.float64 })).dtype).toBe(torch.float64);
  });
  it('float16 tensor with a JS float stays float16', () => {
    expect(torch.ones(2, { dtype: torch.float16 }).mul(2.5).dtype).toBe(torch.float16);
  });
  it('true division of integers gives the default float dtype', () => {
    expect(torch.tensor([1, 2]).div(torch.tensor([2, 2])).dtype).toBe(torch.float32);
    expect(torch.tensor([7]).div(2, { roundingMode: 'floor' }).dtype).toBe(torch.int64);
  });
});
