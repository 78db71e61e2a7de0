import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { checkCase, expectTensor, loadGoldens, runCase } from './golden.js';
import { spyRecords } from './record-spy.js';

const goldens = loadGoldens('cumulative');

describe('cumulative matches PyTorch 1.13 (fixtures/gen_cumulative.py)', () => {
  test.each(goldens.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    checkCase(c);
  });
});

describe('cumsum_ / cumprod_ in place match the goldens', () => {
  // Float inputs keep their dtype: the in-place result equals the out-of-place one.
  const cases = goldens.cases.filter(
    (c) => !c.method && Object.keys(c.kw).length === 0 && 'tensor' in c.expect
      && c.expect.tensor.dtype === c.inputs[0]!.data.dtype && c.inputs[0]!.view.length === 0,
  );
  test.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    let self: torch.Tensor | null = null;
    const result = runCase(c, (args) => {
      const [x, dim] = args as [torch.Tensor, number];
      self = x.clone();
      return c.op === 'cumsum' ? self.cumsum_(dim) : self.cumprod_(dim);
    });
    expect(result).toBe(self);
    expectTensor(result, (c.expect as { tensor: never }).tensor, c.name);
  });
});

describe('cumulative API', () => {
  test('dim in options, out=, and records', () => {
    const x = torch.tensor([1, 2, 3], { dtype: torch.float32 });
    expect(torch.cumsum(x, { dim: 0 }).tolist()).toEqual([1, 3, 6]);
    const out = torch.empty(0, { dtype: torch.float64 });
    torch.cumprod(x, 0, { out });
    expect(out.tolist()).toEqual([1, 2, 6]);
    expect(() => (torch.cumsum as (x: unknown) => unknown)(x)).toThrow(/dim/);
    const records = spyRecords(() => {
      const y = torch.randn(2, 3).requiresGrad_();
      y.cumsum(-1);
      y.cumprod(0);
    });
    expect(records.map((r) => [r.op, r.args])).toEqual([
      ['cumsum', { dim: 1, inputDtype: torch.float32 }],
      ['cumprod', { dim: 0, inputDtype: torch.float32 }],
    ]);
  });
});
