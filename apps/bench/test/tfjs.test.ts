// Runs every TF.js workload of the bench once at a toy size on both TF.js backends, so the
// peer code cannot rot. No timing assertions.
import { describe, expect, it } from 'vitest';
import { makePlan } from '../src/plan.js';
import { initTfjs, runTfjsItem } from '../src/tfjs.js';

const plan = makePlan('tiny');

describe.each(['wasm', 'cpu'] as const)('bench workloads on TF.js %s (tiny sizes, one run each)', (backend) => {
  // The pure-JS backend's conv2d gradients take seconds even at toy sizes: its epoch (the
  // same code as WASM's) is left to the WASM run.
  const items = plan.items.filter((i) => backend === 'wasm' || i.kind !== 'epoch');
  it.each(items.map((item) => [item.name, item] as const))('%s', async (_, item) => {
    expect(await initTfjs(backend)).toMatch(new RegExp(`^tfjs 4\\.22\\.\\d+ ${backend}`));
    const rows = await runTfjsItem(item, plan.timing, plan.seed);
    expect(rows.length).toBe(item.kind === 'epoch' ? 4 : 1);
    for (const r of rows) {
      expect(r.value).not.toBeNull();
      expect(Number.isFinite(r.value)).toBe(true);
    }
  });
});
