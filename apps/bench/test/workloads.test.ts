// Runs every torchts workload of the bench once at a toy size, so the bench code cannot rot.
// No timing assertions: only that each workload runs and yields a sane row.
import { describe, expect, it } from 'vitest';
import { makePlan, type Item } from '../src/plan.js';
import { runItem, runWorkloads } from '../src/workloads.js';

const plan = makePlan('tiny');

describe('bench workloads on torchts (tiny sizes, one run each)', () => {
  it('the tiny plan has every kind of workload', () => {
    expect(new Set(plan.items.map((i) => i.kind))).toEqual(new Set(['matmul', 'add', 'relu', 'conv', 'lenet-step', 'epoch']));
  });

  const timed = plan.items.filter((i): i is Exclude<Item, { kind: 'epoch' }> => i.kind !== 'epoch');
  it.each(timed.map((item) => [item.name, item] as const))('%s', async (_, item) => {
    const rows = await runItem(item, 'cpu', plan.timing);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.workload).toBe(item.name);
    expect(rows[0]!.value).toBeGreaterThan(0);
    expect(Number.isFinite(rows[0]!.value)).toBe(true);
  });

  it('W5: one epoch on synthetic data gives time, accuracy, peak RSS and tensor memory', async () => {
    const epoch = plan.items.find((i) => i.kind === 'epoch')!;
    const rows = await runItem(epoch, 'cpu', plan.timing);
    expect(rows.map((r) => r.unit)).toEqual(['s', '%', 'MB', 'MB']);
    const [seconds, accuracy, rss, tensors] = rows.map((r) => r.value!);
    expect(seconds).toBeGreaterThan(0);
    expect(accuracy).toBeGreaterThanOrEqual(0);
    expect(accuracy).toBeLessThanOrEqual(100);
    expect(rss).toBeGreaterThan(1);
    // LeNet's gradients alone are 62k floats; activations come on top.
    expect(tensors).toBeGreaterThan(0.2);
  });

  it('W6: a ResNet-18 step (tiny images) runs on the CPU', async () => {
    const rows = await runItem({ kind: 'resnet-step', name: 'W6 tiny', batch: 2, channels: 3, size: 8 }, 'cpu', plan.timing);
    expect(rows[0]!.value).toBeGreaterThan(0);
  });

  it('runWorkloads turns a failing workload into a row with a note instead of throwing', async () => {
    const rows = await runWorkloads('cpu', { ...plan, items: [{ kind: 'matmul', name: 'W1 matmul -1', n: -1 }] });
    expect(rows).toEqual([expect.objectContaining({ workload: 'W1 matmul -1', value: null, note: expect.stringMatching(/^failed: /) })]);
  });
});
