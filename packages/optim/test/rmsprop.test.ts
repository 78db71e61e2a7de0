import './setup.js';
import { describe, it } from 'vitest';
import { zeros } from '@torchts/core';
import { RMSprop } from '@torchts/optim';
import {
  caseName, casesOf, checkRepr, checkResume, checkStateDict, checkTrajectory, expectError, goldens,
} from './golden.js';

const cases = casesOf('RMSprop').map((c) => [caseName(c), c] as const);

describe('RMSprop', () => {
  it.each(cases)('follows PyTorch\'s trajectory: %s', (_, c) => checkTrajectory(c));
  it.each(cases)('has PyTorch\'s state dict after 3 steps: %s', (_, c) => checkStateDict(c));
  it.each(cases)('resumes from PyTorch\'s state dict: %s', (_, c) => checkResume(c));
  it.each(cases)('prints as PyTorch: %s', (_, c) => checkRepr(c));

  it('rejects bad options with PyTorch\'s errors', () => {
    const p = zeros(3).requiresGrad_(true);
    const e = goldens.errors;
    expectError(() => new RMSprop([p], { lr: -0.01 }), e.rmsprop_lr);
    expectError(() => new RMSprop([p], { eps: -0.5 }), e.rmsprop_eps);
    expectError(() => new RMSprop([p], { momentum: -0.5 }), e.rmsprop_momentum);
    expectError(() => new RMSprop([p], { weightDecay: -0.5 }), e.rmsprop_weight_decay);
    expectError(() => new RMSprop([p], { alpha: -0.5 }), e.rmsprop_alpha);
  });
});
