import '../setup.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { zeros } from '@torchts/core';
import { KeyError, lrScheduler, type Optimizer, SGD } from '@torchts/optim';
import { expectError } from '../golden.js';
import { expectNumbers, expectState, goldens, makeOptimizer } from './golden.js';

const e = goldens.errors;

afterEach(() => {
  vi.restoreAllMocks();
});

/** A scheduler written by a user, as the LRScheduler docs show. */
class HalvingLR extends lrScheduler.LRScheduler {
  constructor(opt: Optimizer<object, object>) {
    super(opt);
    this._initialStep();
  }
  getLr(): number[] {
    return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr / 2));
  }
}

describe('LRScheduler', () => {
  it('sets initial_lr in every group and takes one step at construction', () => {
    const { opt } = makeOptimizer('SGD');
    const s = new lrScheduler.StepLR(opt, 2);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([0.1, 0.01]);
    expect(s.baseLrs).toEqual([0.1, 0.01]);
    expect(s.lastEpoch).toBe(0);
    expect(s._stepCount).toBe(1);
    expect(s.getLastLr()).toEqual([0.1, 0.01]);
    expect(opt.stateDict().param_groups[0]!.initial_lr).toBe(0.1);
  });

  it("rejects what is not an optimizer with PyTorch's error", () => {
    expectError(() => new lrScheduler.StepLR({} as never, 1), e.not_optimizer);
  });

  it("resumes with lastEpoch only when the groups carry initial_lr (PyTorch's KeyError)", () => {
    const { opt } = makeOptimizer('SGD');
    expectError(() => new lrScheduler.StepLR(opt, 2, { lastEpoch: 3 }), e.resume_without_initial_lr);
    expect(() => new lrScheduler.StepLR(opt, 2, { lastEpoch: 3 })).toThrow(KeyError);

    const p = zeros(2).requiresGrad_(true);
    p.grad = zeros(2);
    const opt2 = new SGD([{ params: [p], lr: 0.05, initialLr: 0.1 }], { lr: 0.1 });
    const s = new lrScheduler.StepLR(opt2, 2, { gamma: 0.5, lastEpoch: 3 });
    const lrs = [opt2.paramGroups[0]!.lr];
    for (let i = 0; i < 5; i++) {
      opt2.step();
      s.step();
      lrs.push(opt2.paramGroups[0]!.lr);
    }
    expectNumbers(lrs, goldens.resume.lrs, 'lrs');
    expectState(s.stateDict(), goldens.resume.state, 'state dict');
  });

  it('warns when the scheduler steps before the optimizer, as PyTorch does', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { opt } = makeOptimizer('SGD');
    const s = new lrScheduler.ExponentialLR(opt, 0.5);
    s.step();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining('Detected call of `lr_scheduler.step()` before `optimizer.step()`'), 'UserWarning',
    );
    warn.mockClear();
    const { opt: opt2 } = makeOptimizer('SGD');
    const s2 = new lrScheduler.ExponentialLR(opt2, 0.5);
    opt2.step();
    s2.step();
    expect(warn).not.toHaveBeenCalled();
    expect(opt2._stepCount).toBe(1);
  });

  it('warns when getLr is called outside step', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { opt } = makeOptimizer('SGD');
    const s = new lrScheduler.StepLR(opt, 2);
    expect(warn).not.toHaveBeenCalled();
    s.getLr();
    expect(warn).toHaveBeenCalledWith(
      'To get the last learning rate computed by the scheduler, please use `get_last_lr()`.', 'UserWarning',
    );
  });

  it('prints updates when verbose, as PyTorch', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const { opt } = makeOptimizer('SGD');
    new lrScheduler.StepLR(opt, 2, { verbose: true });
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'Adjusting learning rate of group 0 to 1.0000e-01.',
      'Adjusting learning rate of group 1 to 1.0000e-02.',
    ]);
  });

  it('accepts user subclasses', () => {
    const { opt } = makeOptimizer('SGD');
    const s = new HalvingLR(opt);
    opt.step();
    s.step();
    expect(s.getLastLr()).toEqual([0.05, 0.005]);
    expect(Object.keys(s.stateDict())).toEqual([
      'base_lrs', 'last_epoch', 'verbose', '_step_count', '_get_lr_called_within_step', '_last_lr',
    ]);
  });

  it('round-trips its own state dict', () => {
    const { opt } = makeOptimizer('SGD');
    const a = new lrScheduler.MultiStepLR(opt, [1, 3, 3], { gamma: 0.5 });
    for (let i = 0; i < 2; i++) {
      opt.step();
      a.step();
    }
    const { opt: opt2 } = makeOptimizer('SGD');
    const b = new lrScheduler.MultiStepLR(opt2, [7]);
    b.loadStateDict(a.stateDict());
    expect(b.stateDict()).toEqual(a.stateDict());
    expect(b.milestones).toEqual(new Map([[1, 1], [3, 2]]));
  });
});
