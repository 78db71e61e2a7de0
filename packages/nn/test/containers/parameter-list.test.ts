import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { nn } from '../nn.js';

describe('ParameterList', () => {
  test('wraps tensors in Parameters and registers them as 0, 1, ...', () => {
    const pl = new nn.ParameterList([torch.zeros(2), new nn.Parameter(torch.ones(3))]);
    expect(pl.at(0)).toBeInstanceOf(nn.Parameter);
    expect(pl.parameters().length).toBe(2);
    pl.append(torch.ones(1));
    expect(Object.keys(pl.stateDict())).toEqual(['0', '1', '2']);
    pl.set(0, torch.full([2], 5, { dtype: torch.float32 }));
    expect(pl[0]!.sum().item()).toBe(10);
    expect(pl[0]).toBeInstanceOf(nn.Parameter);
    expect(() => pl()).toThrow('ParameterList should not be called.');
  });
});
