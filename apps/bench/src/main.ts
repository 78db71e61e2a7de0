#!/usr/bin/env node
/**
 * `pnpm bench [--quick] [--epoch]`: every workload on every available torchts device, then on
 * PyTorch (2 threads, and 1 thread for W4/W5) and TF.js (WASM and pure-JS CPU), in one
 * invocation; prints one table of medians with ratios (torchts / peer, > 1 = torchts better)
 * and writes the results as JSON.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import * as torch from 'torchts';
import { parseOptions, USAGE } from './options.js';
import { runChild, runPyTorch, type PeerResult } from './peers.js';
import { makePlan, SLOW_TIMING, epochRowNames, type EpochItem, type Plan } from './plan.js';
import { formatTable, rowNotes, tableLines, type Column } from './table.js';
import { runWorkloads } from './workloads.js';

const opts = parseOptions(process.argv.slice(2));
if (opts.help) {
  console.log(USAGE);
  process.exit(0);
}

const plan = makePlan(opts.cuda ? 'cuda' : opts.quick ? 'quick' : 'full', { epoch: opts.epoch });
const basePlan: Plan = { ...plan, items: plan.items.filter((i) => i.kind !== 'epoch') };
const epochItems = plan.items.filter((i): i is EpochItem => i.kind === 'epoch');
// W5 runs in a fresh process per framework, so the peak RSS is the epoch's own.
const epochPlan: Plan | null = epochItems.length ? { ...plan, items: epochItems } : null;
// An epoch can take many minutes on a loaded machine.
const EPOCH_TIMEOUT_MS = 1_800_000;
const columns: Column[] = [];
const notes: string[] = [];
const started = performance.now();
const log = (s: string) => process.stderr.write(`${s} [${((performance.now() - started) / 1000).toFixed(0)} s]\n`);

/** Adds a peer's rows to a column (created on first use), or its reason to the notes. */
function collect(short: string, role: Column['role'], result: PeerResult): void {
  if ('skipped' in result) {
    notes.push(result.skipped);
    return;
  }
  const col = columns.find((c) => c.short === short);
  if (col) col.rows.push(...result.rows);
  else columns.push({ label: result.label, short, role, rows: [...result.rows] });
}

// The GPU plan: torchts on CUDA and PyTorch on the same GPU, nothing else.
if (opts.cuda) {
  const unavailable = torch.cuda.unavailableReason();
  if (unavailable) {
    console.error(`torchts cuda is not available (${unavailable}): the --cuda plan needs a GPU`);
    process.exit(1);
  }
  log(`torchts cuda (${torch.cuda.getDeviceName(0)}) ...`);
  collect('torchts-cuda', 'torchts', { label: 'torchts cuda', rows: await runWorkloads('cuda', basePlan, (item) => process.stderr.write(`  torchts cuda: ${item.name}\n`)) });
  if (epochPlan) collect('torchts-cuda', 'torchts', runChild('torchts:cuda', epochPlan, EPOCH_TIMEOUT_MS));
  if (opts.pytorch) {
    log('PyTorch cuda ...');
    collect('pytorch-cuda', 'peer', runPyTorch(1, basePlan));
    if (epochPlan) collect('pytorch-cuda', 'peer', runPyTorch(1, epochPlan, EPOCH_TIMEOUT_MS));
  }
}

// WebGPU needs an adapter request first. Software adapters (all CI has) are far too slow to time
// the full plan, so the webgpu column is opt-in: `pnpm bench --webgpu`.
if (opts.webgpu) await torch.webgpu.init();
else if (!opts.cuda) notes.push('torchts webgpu: not measured (pass --webgpu to include it)');
for (const device of opts.cuda ? [] : ['cpu', 'webgpu', 'cuda']) {
  if (device === 'webgpu' && !opts.webgpu) continue;
  // A backend can be registered yet unusable (e.g. the CUDA addon loads but finds no driver).
  const unavailable = device === 'cpu' ? null : (device === 'cuda' ? torch.cuda : torch.webgpu).unavailableReason();
  if (unavailable) {
    notes.push(`torchts ${device}: not available (${unavailable})`);
    continue;
  }
  log(`torchts ${device} ...`);
  const rows = await runWorkloads(device, basePlan, (item) => process.stderr.write(`  torchts ${device}: ${item.name}\n`));
  collect(`torchts-${device}`, 'torchts', { label: `torchts ${device}`, rows });
  if (epochPlan) collect(`torchts-${device}`, 'torchts', runChild(`torchts:${device}`, epochPlan, EPOCH_TIMEOUT_MS));
}

if (opts.pytorch && !opts.cuda) {
  log('PyTorch, 2 threads ...');
  collect('pytorch-2t', 'peer', runPyTorch(2, basePlan));
  if (epochPlan) collect('pytorch-2t', 'peer', runPyTorch(2, epochPlan, EPOCH_TIMEOUT_MS));
  log('PyTorch, 1 thread (W4, W5) ...');
  const steps = basePlan.items.filter((i) => i.kind === 'lenet-step');
  collect('pytorch-1t', 'peer', runPyTorch(1, { ...plan, items: [...steps, ...epochItems] }, EPOCH_TIMEOUT_MS));
}

if (opts.tfjs && !opts.cuda) {
  log('TF.js wasm ...');
  collect('tfjs-wasm', 'peer', runChild('tfjs:wasm', basePlan));
  if (epochPlan) collect('tfjs-wasm', 'peer', runChild('tfjs:wasm', epochPlan, EPOCH_TIMEOUT_MS));
  // Pure JS is ~100x slower: one warmup and two timed runs per workload, and no real epoch
  // (about an hour): W5's time is extrapolated from its batch-64 step rate.
  log('TF.js cpu (pure JS, 2 timed runs per workload) ...');
  collect('tfjs-cpu', 'peer', runChild('tfjs:cpu', { ...basePlan, timing: SLOW_TIMING }));
  const tfjsCpu = columns.find((c) => c.short === 'tfjs-cpu');
  for (const item of epochItems) {
    if (!tfjsCpu) break;
    const step = tfjsCpu.rows.find((r) => r.workload.startsWith('W4') && r.workload.includes(`b${item.batchSize} 1x32x32`));
    const names = epochRowNames(item);
    const steps = Math.ceil((item.limitTrain ?? 60000) / item.batchSize);
    const skip = 'not run: an epoch takes about an hour on pure JS';
    tfjsCpu.rows.push(
      step?.value
        ? { workload: names.seconds, unit: 's', better: 'lower', value: steps / step.value, estimated: true, note: `estimated: ${steps} steps at the W4 b${item.batchSize} rate` }
        : { workload: names.seconds, unit: 's', better: 'lower', value: null, note: skip },
      { workload: names.accuracy, unit: '%', better: 'none', value: null, note: skip },
      { workload: names.rss, unit: 'MB', better: 'lower', value: null, note: skip },
      { workload: names.tensors, unit: 'MB', better: 'lower', value: null, note: skip },
    );
  }
}

const table = formatTable(columns);
console.log(table);
console.log('');
console.log('ratio columns: torchts / peer, > 1 means torchts is better (faster, or less memory); ~ marks an estimate');
for (const c of columns) console.log(`${c.short}: ${c.label}`);
for (const n of [...notes, ...rowNotes(columns)]) console.log(`note: ${n}`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (shared: medians are noisy)`);

mkdirSync(opts.out, { recursive: true });
const file = `${opts.out}/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(
  file,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      options: opts,
      machine: { cpus: cpus().length, model: cpus()[0]?.model ?? null, loadavg: loadavg(), node: process.version },
      plan,
      columns: columns.map((c) => ({ label: c.label, short: c.short, role: c.role, rows: c.rows })),
      notes,
      table: tableLines(columns),
    },
    null,
    2,
  ),
);
console.log(`results written to ${file}`);

// The DataLoader throughput bench (Fashion-MNIST, batch 64, ToTensor + Normalize, 0 and 2 workers,
// side by side with PyTorch's DataLoader) lives with @torchts/data; run it as part of the full bench.
if (!opts.quick && !opts.cuda) {
  const loaderBench = fileURLToPath(new URL('../../../packages/data/bench/loader.mjs', import.meta.url));
  if (existsSync(loaderBench)) {
    log('DataLoader throughput ...');
    spawnSync(process.execPath, [loaderBench, ...(opts.pytorch ? [] : ['--no-torch'])], { stdio: 'inherit' });
  }
}
