import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { det, expectTensor, loadFixture, type TensorSpec } from '../golden.js';
import { nn } from '../nn.js';

interface ClipCase {
  result: TensorSpec | null;
  grads: (TensorSpec | null)[];
}
const { clip } = loadFixture<{ clip: Record<string, ClipCase> }>('utils.json');

function params(): nn.Parameter[] {
  const ps = [new nn.Parameter(det([3, 2], 1)), new nn.Parameter(det([4], 2)), new nn.Parameter(det([2], 3))];
  ps.slice(0, 2).forEach((p, i) => (p.grad = det([...p.shape], 10 + i, 2.0)));
  return ps;
}

describe('gradient clipping equals PyTorch', () => {
  const cases: Record<string, (ps: nn.Parameter[]) => torch.Tensor | void> = {
    'norm(1.0)': (ps) => nn.utils.clipGradNorm_(ps, 1.0),
    'norm(100.0)': (ps) => nn.utils.clipGradNorm_(ps, 100.0),
    'norm(0.5,inf)': (ps) => nn.utils.clipGradNorm_(ps, 0.5, Infinity),
    'norm(2.0,1)': (ps) => nn.utils.clipGradNorm_(ps, 2.0, { normType: 1 }),
    'value(0.4)': (ps) => nn.utils.clipGradValue_(ps, 0.4),
  };
  for (const [name, fn] of Object.entries(cases)) {
    test(name, () => {
      const ps = params();
      const r = fn(ps);
      const want = clip[name]!;
      if (want.result) expectTensor(r as torch.Tensor, want.result, { rtol: 1e-6 }, 'total norm');
      want.grads.forEach((g, i) => {
        if (g === null) expect(ps[i]!.grad).toBeNull();
        else expectTensor(ps[i]!.grad!, g, { rtol: 1e-6 }, `grad ${i}`);
      });
    });
  }
  test('no gradients: a zero norm; non-finite norms raise when asked', () => {
    expect(nn.utils.clipGradNorm_([new nn.Parameter(torch.ones(2))], 1).item()).toBe(0);
    const p = new nn.Parameter(torch.ones(2));
    p.grad = torch.tensor([Infinity, 1]);
    expect(() => nn.utils.clipGradNorm_([p], 1, { errorIfNonfinite: true })).toThrow(
      'The total norm of order 2.0 for gradients from `parameters` is non-finite, so it cannot be clipped.',
    );
  });
});
