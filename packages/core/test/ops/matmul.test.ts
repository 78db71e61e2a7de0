import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { checkCase, loadGoldens } from './golden.js';
import { leakedStorages, recordOf, spyRecords } from './record-spy.js';

const goldens = loadGoldens('matmul');

describe('matmul family matches PyTorch 1.13 (fixtures/gen_matmul.py)', () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    // Our kernel accumulates in float64, BLAS in float32: allow float32 rounding of sums.
    checkCase(c, { tol: c.inputs[0]?.data.dtype === 'float32' ? [1e-5, 1e-5] : undefined });
  });
});

describe('matmul API', () => {
  test('out= and shapes', () => {
    const a = torch.ones(2, 3), b = torch.ones(3, 4);
    const out = torch.empty(0);
    expect(torch.matmul(a, b, { out })).toBe(out);
    expect([...out.shape]).toEqual([2, 4]);
    expect(torch.mm(a, b).tolist()).toEqual([[3, 3, 3, 3], [3, 3, 3, 3]]);
    expect([...a.matmul(torch.ones(5, 3, 2)).shape]).toEqual([5, 2, 2]);
  });

  test('1-d @ 2-d and 2-d @ 1-d drop the vector dim', () => {
    expect([...torch.matmul(torch.ones(3), torch.ones(3, 4)).shape]).toEqual([4]);
    expect([...torch.matmul(torch.ones(4, 3), torch.ones(3)).shape]).toEqual([4]);
    expect(torch.matmul(torch.ones(3), torch.ones(3)).dim()).toBe(0);
  });
});

describe('matmul tells autograd what its derivatives need', () => {
  test('mm, bmm, dot, mv, addmm, baddbmm record themselves', () => {
    const records = spyRecords(() => {
      const a = torch.randn(2, 3).requiresGrad_();
      torch.mm(a, torch.randn(3, 4));
      torch.bmm(torch.randn(2, 2, 3).requiresGrad_(), torch.randn(2, 3, 1));
      torch.dot(torch.randn(3).requiresGrad_(), torch.randn(3));
      torch.mv(a, torch.randn(3));
      torch.addmm(torch.randn(4).requiresGrad_(), a, torch.randn(3, 4), { beta: 0.5, alpha: 2 });
      torch.baddbmm(torch.randn(2, 2, 1).requiresGrad_(), torch.randn(2, 2, 3), torch.randn(2, 3, 1));
    });
    expect(records.map((r) => r.op)).toEqual(['mm', 'bmm', 'dot', 'mv', 'addmm', 'baddbmm']);
    expect(records[4]!.args).toEqual({ beta: 0.5, alpha: 2, inputShape: [4] });
    expect(records[4]!.inputs.length).toBe(3);
  });

  test('matmul records the ops it is made of', () => {
    const ops = (fn: () => void) => spyRecords(fn).map((r) => r.op);
    const a = () => torch.randn(2, 3).requiresGrad_();
    expect(ops(() => torch.matmul(torch.randn(3).requiresGrad_(), torch.randn(3)))).toEqual(['dot']);
    expect(ops(() => torch.matmul(a(), torch.randn(3, 4)))).toEqual(['mm']);
    // The folded case: reshape to [10, 3], one mm, back to [5, 2, 4] (as PyTorch's matmul).
    expect(ops(() => torch.matmul(torch.randn(5, 2, 3).requiresGrad_(), torch.randn(3, 4)))).toEqual(['reshape', 'mm', 'view']);
    const batched = spyRecords(() => torch.matmul(torch.randn(1, 2, 3).requiresGrad_(), torch.randn(4, 3, 2)));
    expect(batched.map((r) => r.op)).toEqual(['expand', 'matmul']);
    const mm = recordOf(batched, 'matmul');
    expect([...mm.inputs[0]!.shape]).toEqual([4, 2, 3]);
    expect([...mm.outputs[0]!.shape]).toEqual([4, 2, 2]);
  });

  test('temporaries are freed', () => {
    const a = torch.randn(3, 4), b = torch.randn(4, 5), c = torch.randn(5);
    for (const fn of [() => a.mm(b), () => torch.addmm(c, a, b, { beta: 2, alpha: 3 }), () => torch.matmul(a.expand(2, 3, 4), b.unsqueeze(0))]) {
      expect(leakedStorages(fn)).toBe(0);
    }
  });
});
