#!/usr/bin/env node
/**
 * A bench child process: `node dist/child.js <framework> <plan JSON>` runs the plan on one
 * framework (`torchts:<device>`, `tfjs:wasm`, `tfjs:cpu`) and prints `{ label, rows }` as JSON
 * on stdout (progress on stderr). Each peer, and each W5 epoch, runs in a fresh process so
 * that frameworks do not share a heap and the peak RSS is the epoch's own.
 */
import type { Plan, Row } from './plan.js';

/** What a child prints. */
export interface ChildResult {
  label: string;
  rows: Row[];
}

async function main(): Promise<void> {
  const [framework, planJson] = process.argv.slice(2);
  if (!framework || !planJson) throw new Error('usage: child.js <torchts:device|tfjs:wasm|tfjs:cpu> <plan JSON>');
  const plan = JSON.parse(planJson) as Plan;
  const progress = (item: { name: string }) => process.stderr.write(`  ${framework}: ${item.name}\n`);
  let result: ChildResult;
  if (framework.startsWith('torchts:')) {
    const device = framework.slice('torchts:'.length);
    const { runWorkloads } = await import('./workloads.js');
    result = { label: `torchts ${device}`, rows: await runWorkloads(device, plan, progress) };
  } else if (framework === 'tfjs:wasm' || framework === 'tfjs:cpu') {
    const { initTfjs, runTfjsWorkloads } = await import('./tfjs.js');
    const label = await initTfjs(framework === 'tfjs:wasm' ? 'wasm' : 'cpu');
    result = { label, rows: await runTfjsWorkloads(plan, progress) };
  } else {
    throw new Error(`unknown framework ${framework}`);
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
