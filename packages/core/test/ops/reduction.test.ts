import '../setup.js';
import { inspect } from 'node:util';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { checkCase, loadGoldens } from './golden.js';
import { leakedStorages, spyRecords } from './record-spy.js';

const goldens = loadGoldens('reduction');

describe('reductions match PyTorch 1.13 (fixtures/gen_reduction.py)', () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    checkCase(c);
  });
});

describe('reduction API forms', () => {
  const x = torch.tensor([[1, 5, 3], [4, 2, 6]], { dtype: torch.float32 });

  test('max with a dim returns [values, indices] with .values and .indices', () => {
    const r = x.max(1);
    const [values, indices] = r;
    expect(values.tolist()).toEqual([5, 6]);
    expect(indices.tolist()).toEqual([1, 2]);
    expect(r.values).toBe(values);
    expect(r.indices).toBe(indices);
    expect(x.min({ dim: 0, keepdim: true }).indices.tolist()).toEqual([[0, 1, 0]]);
    expect(torch.max(x, 1, true).values.shape).toEqual([2, 1]);
  });

  test('dims are accepted positionally and in options', () => {
    expect(x.sum(1, true).tolist()).toEqual([[9], [12]]);
    expect(x.sum({ dim: 1, keepdim: true }).tolist()).toEqual([[9], [12]]);
    expect(torch.sum(x, [0, 1]).item()).toBe(21);
    expect(torch.sum(x, null, true).shape).toEqual([1, 1]);
    expect(x.mean(0, { dtype: torch.float64 }).dtype).toBe(torch.float64);
    expect(torch.argmax(x, { dim: 1 }).tolist()).toEqual([1, 2]);
    expect(x.all(1).tolist()).toEqual([true, true]);
  });

  test('var: the second positional argument is unbiased; correction in options', () => {
    expect(x.var(1, false).tolist()).toEqual(x.var(1, { correction: 0 }).tolist());
    expect(() => x.var({ correction: 0, unbiased: true })).toThrow('Cannot specify both unbiased and correction');
    const [v, m] = torch.varMean(x, 1);
    expect(v.shape).toEqual([2]);
    expect(m.tolist()).toEqual([3, 4]);
  });

  test('out= writes into the given tensor', () => {
    const out = torch.empty(2);
    expect(torch.sum(x, 1, { out })).toBe(out);
    expect(out.tolist()).toEqual([9, 12]);
    const vals = torch.empty(0), idx = torch.empty(0, { dtype: torch.long });
    torch.max(x, 0, { out: [vals, idx] });
    expect(vals.tolist()).toEqual([4, 5, 6]);
    expect(idx.tolist()).toEqual([1, 0, 1]);
  });

  test('logsumexp needs a dim', () => {
    expect(() => (x.logsumexp as (...a: unknown[]) => unknown)()).toThrow(/dim/);
  });
});

describe('reductions tell autograd what their derivatives need', () => {
  test('records and args', () => {
    const records = spyRecords(() => {
      const x = torch.randn(2, 3, 4).requiresGrad_();
      x.sum([2, 0], true);
      x.mean(1);
      x.prod(-1);
      x.max(1);
      x.min();
      x.amax([0, 1]);
      x.var(1, { correction: 0 });
      x.std();
      x.norm(3, 2);
      x.logsumexp(-1, true);
      x.argmax(); // not differentiable: not recorded
      x.all();
    });
    expect(records.map((r) => r.op)).toEqual(['sum', 'mean', 'prod', 'max', 'amin', 'amax', 'var', 'std', 'norm', 'logsumexp']);
    const [sum, mean, prod, max, amin, amax, v, std, norm, lse] = records;
    expect(sum!.args).toEqual({ dims: [0, 2], keepdim: true, inputShape: [2, 3, 4], inputDtype: torch.float32, dimGiven: true });
    expect(mean!.args).toEqual({ dims: [1], keepdim: false, inputShape: [2, 3, 4], inputDtype: torch.float32, count: 3, dimGiven: true });
    expect(prod!.args).toEqual({ dims: [2], keepdim: false, inputShape: [2, 3, 4], dimGiven: true });
    expect(max!.outputs.length).toBe(2);
    expect(max!.outputs[1]!.dtype).toBe(torch.int64);
    expect(max!.args).toEqual({ dim: 1, keepdim: false, inputShape: [2, 3, 4] });
    expect(amin!.args).toEqual({ dims: [0, 1, 2], keepdim: false, inputShape: [2, 3, 4], fromMaxMin: true });
    expect(amax!.args).toEqual({ dims: [0, 1], keepdim: false, inputShape: [2, 3, 4] });
    expect(v!.args).toEqual({ dims: [1], correction: 0, keepdim: false, inputShape: [2, 3, 4], count: 3 });
    expect(std!.args).toMatchObject({ dims: [0, 1, 2], correction: 1, count: 24 });
    expect(norm!.args).toEqual({ p: 3, dims: [2], keepdim: false, inputShape: [2, 3, 4] });
    expect(lse!.args).toEqual({ dims: [2], keepdim: true, inputShape: [2, 3, 4] });
  });

  test('varMean records var and mean', () => {
    const records = spyRecords(() => {
      torch.varMean(torch.randn(3, 2).requiresGrad_(), 0);
    });
    expect(records.map((r) => r.op)).toEqual(['var', 'mean']);
  });

  test('temporaries are freed', () => {
    const x = torch.randn(3, 4);
    for (const fn of [() => x.var(1), () => x.norm(3, 1), () => x.logsumexp(1), () => x.mean(), () => x.max(1), () => x.all()]) {
      expect(leakedStorages(fn)).toBe(0);
    }
  });
});

describe('[values, indices] pairs print as torch.return_types', () => {
  const file = goldens as unknown as {
    printed: { op: string; dim?: number; keepdim?: boolean; k?: number; expected: string }[];
    printedInput: number[][];
  };
  const p = torch.tensor(file.printedInput, { dtype: torch.float32 });
  test.each(file.printed.map((c) => [c.op, c] as const))('%s', (_op, c) => {
    let pair: unknown;
    if (c.op === 'max' || c.op === 'min') pair = p[c.op](c.dim!, c.keepdim);
    else if (c.op === 'sort' || c.op === 'median') pair = p[c.op](c.dim!);
    else if (c.op === 'topk') pair = p.topk(c.k!);
    else pair = p.kthvalue(c.k!);
    expect(String(pair)).toBe(c.expected);
    expect(inspect(pair)).toBe(c.expected);
  });
});
