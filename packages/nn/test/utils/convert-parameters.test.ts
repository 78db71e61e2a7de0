import '../setup.js';
import { describe, expect, test } from 'vitest';
import { det, expectTensor, loadFixture, type TensorSpec } from '../golden.js';
import { nn } from '../nn.js';

const { vector } = loadFixture<{ vector: TensorSpec }>('utils.json');

describe('parametersToVector / vectorToParameters', () => {
  test('flattens and concatenates as PyTorch, and writes back', () => {
    const ps = [new nn.Parameter(det([3, 2], 1)), new nn.Parameter(det([4], 2))];
    const v = nn.utils.parametersToVector(ps);
    expectTensor(v, vector);
    const doubled = v.detach().mul(2);
    nn.utils.vectorToParameters(doubled, ps);
    expect(ps[0]!.shape).toEqual([3, 2]);
    expect(ps[1]!.index(3).item()).toBeCloseTo(doubled.index(9).item() as number, 6);
    expect(ps[0]!.requiresGrad).toBe(true);
  });
});
