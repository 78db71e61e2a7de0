import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { checkCase, loadGoldens } from './golden.js';
import { leakedStorages, spyRecords } from './record-spy.js';

const goldens = loadGoldens('sort');

describe('sort, topk, kthvalue, median match PyTorch 1.13 (fixtures/gen_sort.py)', () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    checkCase(c);
  });
});

describe('sort API', () => {
  const x = torch.tensor([[3, 1, 2], [0, 5, 4]], { dtype: torch.float32 });
  test('[values, indices] with .values and .indices', () => {
    const r = x.sort(1, true);
    const [values, indices] = r;
    expect(values.tolist()).toEqual([[3, 2, 1], [5, 4, 0]]);
    expect(r.indices).toBe(indices);
    expect(x.topk(1).values.tolist()).toEqual([[3], [5]]);
    expect(torch.kthvalue(x, 1, { dim: 1 }).indices.tolist()).toEqual([1, 0]);
    expect(x.median(1).values.tolist()).toEqual([2, 4]);
  });
  test('options forms', () => {
    expect(x.sort({ dim: 0, descending: true, stable: true }).indices.tolist()).toEqual([[0, 1, 1], [1, 0, 0]]);
    expect(torch.argsort(x, { descending: true }).tolist()).toEqual([[0, 2, 1], [1, 2, 0]]);
    expect(torch.topk(x, 2, { dim: 1, largest: false }).values.tolist()).toEqual([[1, 2], [0, 4]]);
  });
});

describe('sort tells autograd what its derivatives need', () => {
  test('records values and indices', () => {
    const records = spyRecords(() => {
      const x = torch.randn(3, 4).requiresGrad_();
      x.sort(0);
      x.topk(2);
      x.kthvalue(1, 0, true);
      x.median(1);
      x.median();
      x.argsort(); // not differentiable
    });
    expect(records.map((r) => [r.op, r.outputs.length, r.args])).toEqual([
      ['sort', 2, { dim: 0, inputShape: [3, 4] }],
      ['topk', 2, { dim: 1, inputShape: [3, 4] }],
      ['kthvalue', 2, { dim: 0, keepdim: true, inputShape: [3, 4] }],
      ['median', 2, { dim: 1, keepdim: false, inputShape: [3, 4] }],
      ['median', 1, { dims: [0, 1], keepdim: false, inputShape: [3, 4] }],
    ]);
  });

  test('temporaries are freed', () => {
    const x = torch.randn(3, 5);
    for (const fn of [() => x.topk(2), () => x.median(1), () => x.median(), () => x.kthvalue(2), () => x.argsort()]) {
      expect(leakedStorages(fn)).toBe(0);
    }
  });
});
