import './setup.js';
import * as torch from '@torchts/core';
import { AccumulateGrad } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { edgeOf } from '../src/graph.js';

describe('graph edges', () => {
  test('results point at their gradFn and output index, leaves at their AccumulateGrad', () => {
    const x = torch.rand([2, 3], { requiresGrad: true });
    const [values] = x.max(1);
    expect(edgeOf(values)).toEqual({ node: values.gradFn, inputNr: 0 });
    const leafEdge = edgeOf(x)!;
    expect(leafEdge.node).toBeInstanceOf(AccumulateGrad);
    expect(edgeOf(x)!.node).toBe(leafEdge.node);
    expect(edgeOf(torch.rand(2))).toBeNull();
    expect(edgeOf(null)).toBeNull();
  });
});
