import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { checkCase, expectTensor, loadGoldens, runCase } from './golden.js';
import { leakedStorages, spyRecords } from './record-spy.js';

const goldens = loadGoldens('where');

describe('where, nonzero, maskedFill, maskedSelect match PyTorch 1.13 (fixtures/gen_where.py)', () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    checkCase(c);
  });
});

describe('maskedFill_ in place matches the out-of-place goldens', () => {
  // Only cases whose result has self's shape: in place, the mask must broadcast to self.
  const cases = goldens.cases.filter(
    (c) => c.op === 'maskedFill' && !c.method && 'tensor' in c.expect
      && c.expect.tensor.shape.join() === c.inputs[0]!.data.shape.join() && c.inputs[0]!.view.length === 0,
  );
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let self: torch.Tensor | null = null;
    const result = runCase(c, (args) => {
      const [x, mask, value] = args as [torch.Tensor, torch.Tensor, number | torch.Tensor];
      self = x.clone();
      return self.maskedFill_(mask, value);
    });
    expect(result).toBe(self);
    expectTensor(result, (c.expect as { tensor: never }).tensor, c.name);
  });

  test('the mask must broadcast to self', () => {
    expect(() => torch.zeros(3).maskedFill_(torch.ones(2, 3, { dtype: torch.bool }), 1)).toThrow(
      "output with shape [3] doesn't match the broadcast shape [2, 3]",
    );
  });

  test('a non-bool mask is refused', () => {
    expect(() => torch.zeros(3).maskedFill(torch.ones(3), 1)).toThrow(
      'masked_fill_ only supports boolean masks, but got mask with dtype float',
    );
  });
});

describe('where API', () => {
  test('x.where(cond, scalar) and torch.where(cond) as a list', () => {
    const x = torch.tensor([1, -2, 3], { dtype: torch.float32 });
    expect(x.where(x.gt(0), 0).tolist()).toEqual([1, 0, 3]);
    const [i] = torch.where(x.gt(0));
    expect(i!.tolist()).toEqual([0, 2]);
    const out = torch.empty(0);
    torch.where(x.gt(0), x, 1, { out });
    expect(out.tolist()).toEqual([1, 1, 3]);
  });
});

describe('where and masked ops tell autograd what their derivatives need', () => {
  test('records', () => {
    const cond = torch.tensor([[true, false, true], [false, false, true]]);
    const records = spyRecords(() => {
      const x = torch.randn(2, 3).requiresGrad_();
      torch.where(cond, x, 0);
      x.maskedFill(cond, 1.5);
      x.maskedSelect(torch.tensor([true, false, true]));
      x.clone().maskedFill_(cond, torch.tensor(2));
      x.nonzero(); // not differentiable
    });
    expect(records.map((r) => r.op)).toEqual(['where', 'maskedFill', 'maskedSelect', 'clone', 'maskedFill']);
    expect(records[0]!.inputs[1]).toBeNull();
    expect(records[0]!.args).toMatchObject({ xShape: [2, 3], yShape: null });
    expect(records[2]!.args).toMatchObject({ inputShape: [2, 3] });
    expect(records[4]!.inplace).toBe(true);
  });

  test('temporaries are freed', () => {
    const x = torch.randn(3, 4), m = x.gt(0);
    for (const fn of [() => torch.where(m, x, 1), () => x.maskedFill(m, 1), () => x.maskedSelect(m), () => m.nonzero()]) {
      expect(leakedStorages(fn)).toBe(0);
    }
  });
});
