import './setup.js';
import { describe, it } from 'vitest';
import { zeros } from '@torchts/core';
import { SGD } from '@torchts/optim';
import {
  caseName, casesOf, checkRepr, checkResume, checkStateDict, checkTrajectory, expectError, goldens,
} from './golden.js';

const cases = casesOf('SGD').map((c) => [caseName(c), c] as const);

describe('SGD', () => {
  it.each(cases)('follows PyTorch\'s trajectory: %s', (_, c) => checkTrajectory(c));
  it.each(cases)('has PyTorch\'s state dict after 3 steps: %s', (_, c) => checkStateDict(c));
  it.each(cases)('resumes from PyTorch\'s state dict: %s', (_, c) => checkResume(c));
  it.each(cases)('prints as PyTorch: %s', (_, c) => checkRepr(c));

  it('rejects bad options with PyTorch\'s errors', () => {
    const p = zeros(3).requiresGrad_(true);
    const e = goldens.errors;
    expectError(() => new SGD([p], { lr: -0.1 }), e.sgd_lr);
    expectError(() => new SGD([p], { lr: 0.1, momentum: -0.5 }), e.sgd_momentum);
    expectError(() => new SGD([p], { lr: 0.1, weightDecay: -0.1 }), e.sgd_weight_decay);
    expectError(() => new SGD([p], { lr: 0.1, nesterov: true }), e.sgd_nesterov_no_momentum);
    expectError(() => new SGD([p], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }), e.sgd_nesterov_dampening);
    expectError(() => new SGD([p]), e.sgd_required_lr);
  });
});
