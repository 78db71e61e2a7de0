// The plans every framework receives.
import { describe, expect, it } from 'vitest';
import { makePlan, SLOW_TIMING, timingFor, unitOf, valueOf } from '../src/plan.js';

describe('bench plan', () => {
  it('full: the issue-6 workloads; W5 only with --epoch', () => {
    expect(makePlan('full').items.map((i) => i.name)).toEqual([
      'W1 matmul 256', 'W1 matmul 512', 'W1 matmul 1024',
      'W2 add 1M', 'W2 relu 1M', 'W2 add 16M', 'W2 relu 16M',
      'W3 conv1 fwd b64', 'W3 conv1 fwd+bwd b64', 'W3 conv2 fwd b64', 'W3 conv2 fwd+bwd b64',
      'W4 lenet step b4 3x32x32', 'W4 lenet step b64 1x32x32',
    ]);
    const epoch = makePlan('full', { epoch: true }).items.at(-1);
    expect(epoch).toEqual({ kind: 'epoch', name: 'W5 epoch', batchSize: 64, lr: 0.01, momentum: 0.9, limitTrain: null, limitTest: null, synthetic: false });
  });

  it('cuda: the GPU workloads of issue 8 on the cuda device, W6 with and without cudnn.benchmark', () => {
    const plan = makePlan('cuda', { epoch: true });
    expect(plan.device).toBe('cuda');
    expect(plan.items.map((i) => i.name)).toEqual([
      'W1 matmul 1024', 'W1 matmul 2048', 'W1 matmul 4096', 'W1 matmul 8192',
      'W4 lenet step b64 1x32x32', 'W4 lenet step b1024 1x32x32',
      'W6 resnet18 step b128 3x32x32', 'W6 resnet18 step b128 cudnn.benchmark', 'W5 epoch',
    ]);
    expect(unitOf({ kind: 'resnet-step', name: '', batch: 2, channels: 3, size: 8 })).toEqual({ unit: 'steps/s', better: 'higher' });
  });

  it('quick is a subset of full', () => {
    const full = makePlan('full').items.map((i) => i.name);
    const quick = makePlan('quick').items.map((i) => i.name);
    expect(quick.every((n) => full.includes(n))).toBe(true);
    expect(quick.length).toBeLessThan(full.length);
  });

  it('units and values', () => {
    expect(valueOf({ kind: 'matmul', name: '', n: 1000 }, 0.01)).toBeCloseTo(200);
    expect(valueOf({ kind: 'add', name: '', n: 1e6 }, 0.001)).toBeCloseTo(12);
    expect(unitOf({ kind: 'lenet-step', name: '', batch: 4, channels: 3 })).toEqual({ unit: 'steps/s', better: 'higher' });
    expect(valueOf({ kind: 'lenet-step', name: '', batch: 4, channels: 3 }, 0.004)).toBeCloseTo(250);
  });

  it('fewer runs for the big workloads, keeping the slow cut-off', () => {
    const t = timingFor({ kind: 'matmul', name: '', n: 1024 }, SLOW_TIMING);
    expect(t.reps).toBeLessThanOrEqual(2);
    expect(t.slowSeconds).toBe(2);
  });
});
