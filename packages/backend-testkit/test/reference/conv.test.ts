import { describe, it } from 'vitest';
import type { Conv2dParams } from '@torchts/core';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from '../../src/reference/conv.js';
import { empty, expectMatches, fixture, fromJson, valuesOf, type JsonTensor } from '../fixtures/golden.js';

interface ConvCase {
  input: JsonTensor; weight: JsonTensor; bias: JsonTensor | null;
  stride: [number, number]; padding: [number, number]; dilation: [number, number]; groups: number;
  out: JsonTensor; gradOut: JsonTensor; gradInput: JsonTensor; gradWeight: JsonTensor;
}

describe('reference conv2d', () => {
  (fixture.conv2d as ConvCase[]).forEach((c, i) => {
    const p: Conv2dParams = { stride: c.stride, padding: c.padding, dilation: c.dilation, groups: c.groups };
    const what = `#${i} [${c.input.shape}] * [${c.weight.shape}] ${JSON.stringify(p)}`;
    it(`${what}: forward matches PyTorch`, () => {
      const out = empty('float64', c.out.shape);
      conv2d(fromJson(c.input), fromJson(c.weight), c.bias && fromJson(c.bias), p, out);
      expectMatches(valuesOf(out), c.out.values, 'float64', 'conv2d', 1);
    });
    it(`${what}: input gradient matches PyTorch`, () => {
      const gi = empty('float64', c.input.shape);
      conv2dBackwardInput(fromJson(c.gradOut), fromJson(c.weight), p, gi);
      expectMatches(valuesOf(gi), c.gradInput.values, 'float64', 'conv2dBackwardInput', 1);
    });
    it(`${what}: weight gradient matches PyTorch`, () => {
      const gw = empty('float64', c.weight.shape);
      conv2dBackwardWeight(fromJson(c.gradOut), fromJson(c.input), p, gw);
      expectMatches(valuesOf(gw), c.gradWeight.values, 'float64', 'conv2dBackwardWeight', 1);
    });
  });
});
