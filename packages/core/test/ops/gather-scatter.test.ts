import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { checkCase, loadGoldens, runCase, expectTensor } from './golden.js';
import { leakedStorages, spyRecords } from './record-spy.js';

const goldens = loadGoldens('gather-scatter');

describe('gather, scatter, scatterAdd, indexSelect match PyTorch 1.13 (fixtures/gen_gather_scatter.py)', () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Out-of-range indices are found by the backend's kernel (a RuntimeError there; PyTorch
    // raises IndexError from index_select): compare those messages, not the class.
    checkCase(c, { looseErrorType: c.name === 'indexSelect out of range' || c.name.endsWith('0-d input out of range') });
  });
});

describe('in-place scatter_ and scatterAdd_ match the out-of-place goldens', () => {
  const cases = goldens.cases.filter((c) => (c.op === 'scatter' || c.op === 'scatterAdd') && 'tensor' in c.expect && !c.method);
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let self: torch.Tensor | null = null;
    const result = runCase(c, (args) => {
      const [x, dim, index, src] = args as [torch.Tensor, number, torch.Tensor, torch.Tensor | number];
      self = x.clone();
      const version = self.version;
      const r = c.op === 'scatter' ? self.scatter_(dim, index, src) : self.scatterAdd_(dim, index, src as torch.Tensor);
      expect(self.version).toBe(version + 1);
      return r;
    });
    expect(result).toBe(self);
    expectTensor(result, (c.expect as { tensor: never }).tensor, c.name);
  });
});

describe('gather/scatter API', () => {
  test('torch.* forms with out=', () => {
    const x = torch.tensor([[1, 2], [3, 4]]);
    const out = torch.empty(0, { dtype: torch.long });
    torch.gather(x, 1, torch.tensor([[1, 0], [0, 0]]), { out });
    expect(out.tolist()).toEqual([[2, 1], [3, 3]]);
    expect(torch.indexSelect(x, 0, torch.tensor([1])).tolist()).toEqual([[3, 4]]);
    expect(torch.scatterAdd(torch.zeros(3), 0, torch.tensor([0, 0, 2]), torch.ones(3)).tolist()).toEqual([2, 0, 1]);
  });
});

describe('gather/scatter tell autograd what their derivatives need', () => {
  test('records with dim and index', () => {
    const index = torch.tensor([[0, 1], [1, 0]]);
    const records = spyRecords(() => {
      const x = torch.randn(2, 3).requiresGrad_();
      const src = torch.randn(2, 2).requiresGrad_();
      x.gather(-1, index);
      x.scatter(1, index, src);
      x.scatter(1, index, 2.5);
      x.scatterAdd(1, index, src);
      x.indexSelect(1, torch.tensor([2, 0], { dtype: torch.int32 }));
      x.clone().scatter_(1, index, src);
    });
    expect(records.map((r) => r.op)).toEqual(['gather', 'scatter', 'scatter', 'scatterAdd', 'indexSelect', 'clone', 'scatter']);
    expect(records[0]!.args).toEqual({ dim: 1, index, inputShape: [2, 3] });
    expect(records[1]!.inputs.length).toBe(2);
    expect(records[2]!.args).toEqual({ dim: 1, index, value: 2.5 });
    expect(records[2]!.inputs[1]).toBeNull();
    const sel = records[4]!.args as { index: torch.Tensor; dim: number };
    expect(sel.index.dtype).toBe(torch.int64);
    expect(records[6]!.inplace).toBe(true);
  });

  test('temporaries are freed', () => {
    const x = torch.randn(3, 4), index = torch.zeros(3, 2, { dtype: torch.long });
    for (const fn of [() => x.gather(1, index), () => x.scatter(1, index, 1.5), () => x.scatterAdd(1, index, x)]) {
      expect(leakedStorages(fn)).toBe(0);
    }
  });
});
