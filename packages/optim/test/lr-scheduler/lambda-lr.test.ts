import '../setup.js';
import { beforeEach, describe, it, vi } from 'vitest';
import { lrScheduler } from '@torchts/optim';
import { expectError } from '../golden.js';
import { casesOf, checkRepr, checkResume, checkSequence, goldens, LAMBDAS, makeOptimizer } from './golden.js';

const cases = casesOf('LambdaLR');

beforeEach(() => {
  // step(epoch) warns of its deprecation, as PyTorch does; keep the test output quiet.
  vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});

describe('LambdaLR', () => {
  it.each(cases)("sets PyTorch's learning rates at every step: %s", (_, c) => checkSequence(c));
  it.each(cases)("resumes from PyTorch's state dict: %s", (_, c) => checkResume(c));
  it.each(cases)('leaves the optimizer printing as PyTorch: %s', (_, c) => checkRepr(c));
});

describe('LambdaLR errors', () => {
  it("wants one function per group (PyTorch's error)", () => {
    const { opt } = makeOptimizer('SGD');
    expectError(() => new lrScheduler.LambdaLR(opt, [LAMBDAS.inv!, LAMBDAS.inv!, LAMBDAS.inv!]), goldens.errors.lambda_count);
  });
});
