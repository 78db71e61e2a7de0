import './setup.js';
import { describe, it } from 'vitest';
import { zeros } from '@torchts/core';
import { Adadelta } from '@torchts/optim';
import {
  caseName, casesOf, checkRepr, checkResume, checkStateDict, checkTrajectory, expectError, goldens,
} from './golden.js';

const cases = casesOf('Adadelta').map((c) => [caseName(c), c] as const);

describe('Adadelta', () => {
  it.each(cases)('follows PyTorch\'s trajectory: %s', (_, c) => checkTrajectory(c));
  it.each(cases)('has PyTorch\'s state dict after 3 steps: %s', (_, c) => checkStateDict(c));
  it.each(cases)('resumes from PyTorch\'s state dict: %s', (_, c) => checkResume(c));
  it.each(cases)('prints as PyTorch: %s', (_, c) => checkRepr(c));

  it('rejects bad options with PyTorch\'s errors', () => {
    const p = zeros(3).requiresGrad_(true);
    const e = goldens.errors;
    expectError(() => new Adadelta([p], { lr: -0.5 }), e.adadelta_lr);
    expectError(() => new Adadelta([p], { rho: 1.5 }), e.adadelta_rho);
    expectError(() => new Adadelta([p], { eps: -0.5 }), e.adadelta_eps);
    expectError(() => new Adadelta([p], { weightDecay: -0.5 }), e.adadelta_weight_decay);
  });
});
