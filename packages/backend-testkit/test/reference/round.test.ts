import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { roundBFloat16, roundHalf, roundTiesToEven, roundTo } from '../../src/reference/round.js';
import { expectMatches, fixture, num, type Num } from '../fixtures/golden.js';

describe('roundHalf', () => {
  it('rounds float64 to float16 as PyTorch does (ties, subnormals, overflow)', () => {
    const { input, out } = fixture.half;
    expectMatches(input.map((v: Num) => roundHalf(num(v))), out, 'float64', 'roundHalf', 0, input);
  });
});

describe('roundBFloat16', () => {
  it('rounds float64 to bfloat16 as PyTorch does (via float32, ties, subnormals, overflow)', () => {
    const { input, out } = fixture.bfloat16;
    expectMatches(input.map((v: Num) => roundBFloat16(num(v))), out, 'float64', 'roundBFloat16', 0, input);
  });
  it('is what roundTo gives for bfloat16', () => {
    expect(roundTo(dtypes.bfloat16, 0.1)).toBe(0.10009765625);
    expect(Object.is(roundTo(dtypes.bfloat16, -1e-50), -0)).toBe(true);
  });
});

describe('roundTiesToEven', () => {
  it('rounds halves to even', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, -2.6].map(roundTiesToEven)).toEqual([0, 2, 2, -0, -2, -2, 2, -3]);
  });
});

describe('roundTo', () => {
  it('wraps integers and maps bool to 0/1', () => {
    expect(roundTo(dtypes.int8, 200)).toBe(-56);
    expect(roundTo(dtypes.uint8, -1)).toBe(255);
    expect(roundTo(dtypes.int16, 40000)).toBe(-25536);
    expect(roundTo(dtypes.int32, 2 ** 31)).toBe(-(2 ** 31));
    expect(roundTo(dtypes.int64, -2.7)).toBe(-2);
    expect(roundTo(dtypes.bool, NaN)).toBe(1);
    expect(roundTo(dtypes.bool, -0)).toBe(0);
    expect(roundTo(dtypes.float32, 0.1)).toBe(Math.fround(0.1));
  });
});
