// End to end with autograd: a linear regression trained by each optimizer, against PyTorch.
import './setup.js';
import { describe, expect, it } from 'vitest';
import { tensor, type NestedArray } from '@torchts/core';
import { Adam, RMSprop, SGD } from '@torchts/optim';
import { expectClose, goldens } from './golden.js';

interface Run {
  name: 'SGD' | 'Adam' | 'RMSprop';
  options: Record<string, unknown>;
  losses: number[];
  w: number[][];
  b: number[][];
}
const data = (goldens as unknown as {
  end_to_end: { x: NestedArray; y: NestedArray; w0: NestedArray; b0: NestedArray; runs: Run[] };
}).end_to_end;
const classes = { SGD, Adam, RMSprop };

describe('training with autograd', () => {
  it.each(data.runs.map((r) => [r.name, r] as const))('%s gives PyTorch\'s losses and parameters', (_, run) => {
    const x = tensor(data.x), y = tensor(data.y);
    const w = tensor(data.w0).requiresGrad_(true);
    const b = tensor(data.b0).requiresGrad_(true);
    const opt = new classes[run.name]([w, b], run.options);
    run.losses.forEach((expected, step) => {
      opt.zeroGrad();
      const loss = x.matmul(w).add(b).sub(y).pow(2).mean();
      loss.backward();
      opt.step();
      expect(loss.item()).toBeCloseTo(expected, 5);
      expectClose(w, run.w[step]!, 'float32', `w after step ${step + 1}`);
      expectClose(b, run.b[step]!, 'float32', `b after step ${step + 1}`);
    });
  });
});
