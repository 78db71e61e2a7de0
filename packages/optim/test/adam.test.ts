import './setup.js';
import { describe, it } from 'vitest';
import { zeros } from '@torchts/core';
import { Adam } from '@torchts/optim';
import {
  caseName, casesOf, checkRepr, checkResume, checkStateDict, checkTrajectory, expectError, goldens,
} from './golden.js';

const cases = casesOf('Adam').map((c) => [caseName(c), c] as const);

describe('Adam', () => {
  it.each(cases)('follows PyTorch\'s trajectory: %s', (_, c) => checkTrajectory(c));
  it.each(cases)('has PyTorch\'s state dict after 3 steps: %s', (_, c) => checkStateDict(c));
  it.each(cases)('resumes from PyTorch\'s state dict: %s', (_, c) => checkResume(c));
  it.each(cases)('prints as PyTorch: %s', (_, c) => checkRepr(c));

  it('rejects bad options with PyTorch\'s errors', () => {
    const p = zeros(3).requiresGrad_(true);
    const e = goldens.errors;
    expectError(() => new Adam([p], { lr: -0.001 }), e.adam_lr);
    expectError(() => new Adam([p], { eps: -1e-8 }), e.adam_eps);
    expectError(() => new Adam([p], { betas: [1.5, 0.999] }), e.adam_beta0);
    expectError(() => new Adam([p], { betas: [0.9, -0.1] }), e.adam_beta1);
    expectError(() => new Adam([p], { weightDecay: -0.1 }), e.adam_weight_decay);
  });
});
