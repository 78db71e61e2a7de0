import './setup.js';
import * as torch from '@torchts/core';
import { enableGrad, inferenceMode, isGradEnabled, noGrad, setGradEnabled } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';

describe('grad mode', () => {
  const x = torch.ones(2, { requiresGrad: true });

  test('noGrad records nothing; enableGrad inside it records again', () => {
    noGrad(() => {
      expect(isGradEnabled()).toBe(false);
      expect(x.mul(2).requiresGrad).toBe(false);
      enableGrad(() => expect(x.mul(2).gradFn!.name()).toBe('MulBackward0'));
      expect(isGradEnabled()).toBe(false);
    });
    expect(isGradEnabled()).toBe(true);
  });

  test('setGradEnabled and inferenceMode', () => {
    setGradEnabled(false);
    try {
      expect(x.mul(2).requiresGrad).toBe(false);
    } finally {
      setGradEnabled(true);
    }
    inferenceMode(() => expect(x.exp().requiresGrad).toBe(false));
    expect(x.exp().requiresGrad).toBe(true);
  });

  test('the mode is restored when the body throws', () => {
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
  });

  test('the same functions as core', () => {
    expect(noGrad).toBe(torch.noGrad);
    expect(enableGrad).toBe(torch.enableGrad);
  });
});
