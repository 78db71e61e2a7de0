import '../setup.js';
import { beforeEach, describe, it, vi } from 'vitest';
import { zeros } from '@torchts/core';
import { Adagrad, lrScheduler } from '@torchts/optim';
import { expectError } from '../golden.js';
import { casesOf, checkRepr, checkResume, checkSequence, goldens, makeOptimizer } from './golden.js';

const cases = casesOf('OneCycleLR');

beforeEach(() => {
  // step(epoch) warns of its deprecation, as PyTorch does; keep the test output quiet.
  vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});

describe('OneCycleLR', () => {
  it.each(cases)("sets PyTorch's learning rates at every step: %s", (_, c) => checkSequence(c));
  it.each(cases)("resumes from PyTorch's state dict: %s", (_, c) => checkResume(c));
  it.each(cases)('leaves the optimizer printing as PyTorch: %s', (_, c) => checkRepr(c));
});

describe('OneCycleLR errors', () => {
  it("rejects bad arguments with PyTorch's errors", () => {
    const e = goldens.errors;
    const fresh = () => makeOptimizer('SGD').opt;
    const { OneCycleLR } = lrScheduler;
    expectError(() => new OneCycleLR({} as never, 0.1, { totalSteps: 10 }), e.onecycle_not_optimizer);
    expectError(() => new OneCycleLR(fresh(), 0.1), e.onecycle_no_steps);
    expectError(() => new OneCycleLR(fresh(), 0.1, { totalSteps: 0 }), e.onecycle_total_steps_zero);
    expectError(() => new OneCycleLR(fresh(), 0.1, { totalSteps: 2.5 }), e.onecycle_total_steps_float);
    expectError(() => new OneCycleLR(fresh(), 0.1, { epochs: 0, stepsPerEpoch: 5 }), e.onecycle_epochs);
    expectError(() => new OneCycleLR(fresh(), 0.1, { epochs: 2, stepsPerEpoch: -1 }), e.onecycle_steps_per_epoch);
    expectError(() => new OneCycleLR(fresh(), 0.1, { totalSteps: 10, pctStart: 1.5 }), e.onecycle_pct_start);
    expectError(() => new OneCycleLR(fresh(), 0.1, { totalSteps: 10, annealStrategy: 'foo' as 'cos' }), e.onecycle_anneal);
    expectError(() => new OneCycleLR(fresh(), [0.1, 0.2, 0.3], { totalSteps: 10 }), e.onecycle_max_lr_count);
    expectError(() => new OneCycleLR(fresh(), 0.1, { totalSteps: 10, maxMomentum: [0.9] }), e.onecycle_momentum_count);
    const adagrad = new Adagrad([zeros(1).requiresGrad_(true)]);
    expectError(() => new OneCycleLR(adagrad as never, 0.1, { totalSteps: 10 }), e.onecycle_no_momentum);
    const opt = fresh();
    const s = new OneCycleLR(opt, 0.1, { totalSteps: 3 });
    expectError(() => {
      for (let i = 0; i < 5; i++) {
        opt.step();
        s.step();
      }
    }, e.onecycle_past_end);
  });
});
