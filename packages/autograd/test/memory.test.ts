import './setup.js';
import * as torch from '@torchts/core';
import '@torchts/autograd';
import { describe, expect, test } from 'vitest';

describe('memory', () => {
  test('10,000 small forward/backward steps inside torch.tidy keep memory() flat', () => {
    torch.manualSeed(0);
    const w = torch.randn([4, 3], { requiresGrad: true });
    const b = torch.zeros([3], { requiresGrad: true });
    const x = torch.randn([8, 4]);
    const y = torch.randn([8, 3]);
    const step = (): number =>
      torch.tidy(() => {
        const out = x.matmul(w).add(b).relu();
        const loss = out.sub(y).pow(2).mean();
        loss.backward();
        torch.noGrad(() => {
          w.sub_(w.grad!.mul(0.01));
          b.sub_(b.grad!.mul(0.01));
        });
        w.grad!.zero_();
        b.grad!.zero_();
        return loss.item() as number;
      });
    const first = step(); // creates w.grad and b.grad
    const before = torch.memory();
    let last = first;
    for (let i = 0; i < 10_000; i++) last = step();
    expect(torch.memory()).toEqual(before);
    expect(last).toBeLessThan(first); // it did train
  });

  test('a graph created in a tidy scope can be run after it', () => {
    const x = torch.ones([2, 2], { requiresGrad: true });
    const before = torch.memory();
    const loss = torch.tidy(() => x.mul(x).sigmoid().sum());
    loss.backward();
    loss.dispose();
    x.grad!.dispose();
    x.grad = null;
    expect(torch.memory()).toEqual(before);
  });
});
