import '../setup.js';
import { beforeEach, describe, it, vi } from 'vitest';
import { casesOf, checkRepr, checkResume, checkSequence } from './golden.js';

const cases = casesOf('CosineAnnealingLR');

beforeEach(() => {
  // step(epoch) warns of its deprecation, as PyTorch does; keep the test output quiet.
  vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
});

describe('CosineAnnealingLR', () => {
  it.each(cases)("sets PyTorch's learning rates at every step: %s", (_, c) => checkSequence(c));
  it.each(cases)("resumes from PyTorch's state dict: %s", (_, c) => checkResume(c));
  it.each(cases)('leaves the optimizer printing as PyTorch: %s', (_, c) => checkRepr(c));
});
