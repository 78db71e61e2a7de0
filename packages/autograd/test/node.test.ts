import './setup.js';
import * as torch from '@torchts/core';
import { Node } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

const names = loadGolden().names as Record<string, string>;

describe('Node', () => {
  test('grad_fn and requires_grad print as in PyTorch', () => {
    const x = torch.ones(2, 2, { requiresGrad: true });
    expect(String(x)).toBe(names.print_leaf);
    const y = x.mul(2);
    expect(String(y)).toBe(names.print_result);
    expect(String(y.sum())).toBe(names.print_sum);
  });

  test('nodes are Nodes and print like Python objects', () => {
    const y = torch.ones(2, { requiresGrad: true }).mul(2);
    expect(y.gradFn).toBeInstanceOf(Node);
    expect(String(y.gradFn)).toBe('<MulBackward0 object>');
    expect(y.isLeaf).toBe(false);
    expect(y.requiresGrad).toBe(true);
  });

  test('nextFunctions chain through the graph', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const z = x.add(1).mul(3).sum();
    const chain: string[] = [];
    let n = z.gradFn as Node | null;
    while (n) {
      chain.push(n.name());
      n = (n.nextFunctions[0]?.[0] as Node | null) ?? null;
    }
    expect(chain).toEqual(['SumBackward0', 'MulBackward0', 'AddBackward0', 'AccumulateGrad']);
  });
});
