import './setup.js';
import { describe, it } from 'vitest';
import { zeros } from '@torchts/core';
import { Adagrad } from '@torchts/optim';
import {
  caseName, casesOf, checkRepr, checkResume, checkStateDict, checkTrajectory, expectError, goldens,
} from './golden.js';

const cases = casesOf('Adagrad').map((c) => [caseName(c), c] as const);

describe('Adagrad', () => {
  it.each(cases)('follows PyTorch\'s trajectory: %s', (_, c) => checkTrajectory(c));
  it.each(cases)('has PyTorch\'s state dict after 3 steps: %s', (_, c) => checkStateDict(c));
  it.each(cases)('resumes from PyTorch\'s state dict: %s', (_, c) => checkResume(c));
  it.each(cases)('prints as PyTorch: %s', (_, c) => checkRepr(c));

  it('rejects bad options with PyTorch\'s errors', () => {
    const p = zeros(3).requiresGrad_(true);
    const e = goldens.errors;
    expectError(() => new Adagrad([p], { lr: -0.5 }), e.adagrad_lr);
    expectError(() => new Adagrad([p], { lrDecay: -0.5 }), e.adagrad_lr_decay);
    expectError(() => new Adagrad([p], { weightDecay: -0.5 }), e.adagrad_weight_decay);
    expectError(() => new Adagrad([p], { initialAccumulatorValue: -0.5 }), e.adagrad_initial_accumulator_value);
    expectError(() => new Adagrad([p], { eps: -0.5 }), e.adagrad_eps);
  });
});
