import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { checkCase, expectTensor, loadGoldens, runCase } from './golden.js';
import { leakedStorages, spyRecords } from './record-spy.js';

const goldens = loadGoldens('clamp');

describe('clamp, clampMin, clampMax match PyTorch 1.13 (fixtures/gen_clamp.py)', () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    checkCase(c);
  });
});

describe('in-place clamp_ / clampMin_ / clampMax_ match the out-of-place goldens', () => {
  // Cases whose result keeps self's dtype and shape can run in place.
  const cases = goldens.cases.filter(
    (c) => !c.method && 'tensor' in c.expect && c.expect.tensor.dtype === c.inputs[0]!.data.dtype
      && c.expect.tensor.shape.join() === c.inputs[0]!.data.shape.join() && c.inputs[0]!.view.length === 0,
  );
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let self: torch.Tensor | null = null;
    const result = runCase(c, (args, kw) => {
      const [x, ...rest] = args as [torch.Tensor, ...unknown[]];
      self = x.clone();
      const method = c.op === 'clip' ? 'clip_' : `${c.op === 'clamp' ? 'clamp' : c.op}_`;
      const fn = (self as unknown as Record<string, (...a: unknown[]) => torch.Tensor>)[method]!;
      return Object.keys(kw).length ? fn.call(self, kw) : fn.apply(self, rest);
    });
    expect(result).toBe(self);
    expectTensor(result, (c.expect as { tensor: never }).tensor, c.name);
  });

  test('an int tensor cannot be clamped in place to float bounds', () => {
    expect(() => torch.tensor([1, 2, 3]).clamp_(torch.tensor(0.5))).toThrow(
      "result type Float can't be cast to the desired output type Long",
    );
  });
});

describe('clamp API', () => {
  test('bounds positionally, in options, as tensors; clip and out=', () => {
    const x = torch.tensor([-2, 0.5, 3]);
    expect(x.clamp({ min: 0 }).tolist()).toEqual([0, 0.5, 3]);
    expect(torch.clamp(x, { max: 1 }).tolist()).toEqual([-2, 0.5, 1]);
    expect(torch.clip(x, -1, 1).tolist()).toEqual([-1, 0.5, 1]);
    const out = torch.empty(3);
    torch.clamp(x, null, 0, { out });
    expect(out.tolist()).toEqual([-2, 0, 0]);
    expect(x.clamp(torch.tensor([0, 1, 2]), null).tolist()).toEqual([0, 1, 3]);
  });
});

describe('clamp tells autograd what its derivative needs', () => {
  test('records number and tensor bounds', () => {
    const lo = torch.zeros(3);
    const records = spyRecords(() => {
      const x = torch.randn(2, 3).requiresGrad_();
      x.clamp(-1, 1);
      x.clamp(lo);
      x.clampMax(0.5);
      x.clone().clamp_({ min: 0 });
    });
    expect(records.map((r) => [r.op, r.args])).toEqual([
      ['clamp', { min: -1, max: 1 }],
      ['clamp', { min: null, max: null }],
      ['clamp', { min: null, max: 0.5 }],
      ['clone', {}],
      ['clamp', { min: 0, max: null }],
    ]);
    expect(records[1]!.inputs[1]).toBe(lo);
    expect(records[4]!.inplace).toBe(true);
  });

  test('temporaries are freed', () => {
    const x = torch.randn(3, 4), lo = torch.zeros(4), hi = torch.ones(4);
    const xl = x.long();
    for (const fn of [() => x.clamp(0, 1), () => x.clamp(lo, hi), () => xl.clamp(1, 2), () => xl.clamp(0.5)]) {
      expect(leakedStorages(fn)).toBe(0);
    }
  });
});
