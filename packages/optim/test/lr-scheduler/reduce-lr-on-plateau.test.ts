import '../setup.js';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { tensor } from '@torchts/core';
import { lrScheduler } from '@torchts/optim';
import { expectError } from '../golden.js';
import { casesOf, checkRepr, checkResume, checkSequence, goldens, makeOptimizer } from './golden.js';

const cases = casesOf('ReduceLROnPlateau');

beforeEach(() => {
  // step(epoch) warns of its deprecation, as PyTorch does; keep the test output quiet.
  vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});

describe('ReduceLROnPlateau', () => {
  it.each(cases)("sets PyTorch's learning rates at every step: %s", (_, c) => checkSequence(c));
  it.each(cases)("resumes from PyTorch's state dict: %s", (_, c) => checkResume(c));
  it.each(cases)('leaves the optimizer printing as PyTorch: %s', (_, c) => checkRepr(c));
});

describe('ReduceLROnPlateau errors and metrics', () => {
  it("rejects bad arguments with PyTorch's errors", () => {
    const e = goldens.errors;
    const fresh = () => makeOptimizer('SGD').opt;
    const { ReduceLROnPlateau } = lrScheduler;
    expectError(() => new ReduceLROnPlateau(fresh(), { factor: 1.0 }), e.plateau_factor);
    expectError(() => new ReduceLROnPlateau({} as never), e.plateau_not_optimizer);
    expectError(() => new ReduceLROnPlateau(fresh(), { minLr: [0.1] }), e.plateau_min_lrs);
    expectError(() => new ReduceLROnPlateau(fresh(), { mode: 'foo' as 'min' }), e.plateau_mode);
    expectError(() => new ReduceLROnPlateau(fresh(), { thresholdMode: 'foo' as 'rel' }), e.plateau_threshold_mode);
  });

  it('takes the metric as a one-element tensor and the mode positionally', () => {
    const { opt } = makeOptimizer('SGD');
    const s = new lrScheduler.ReduceLROnPlateau(opt, 'max', { patience: 0 });
    s.step(tensor(1.0));
    s.step(tensor([0.5]));
    expect(s.best).toBe(1);
    expect(s.getLastLr()).toEqual([0.1 * 0.1, 0.01 * 0.1]);
  });
});
