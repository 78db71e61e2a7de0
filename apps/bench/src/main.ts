#!/usr/bin/env node
/**
 * `pnpm bench`: every workload on every available torchts device, then on PyTorch, in one
 * invocation; prints one table of medians with ratios (torchts / peer) and writes JSON.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as torch from 'torchts';
import { runPyTorch } from './peers.js';
import { runWorkloads, type Row } from './workloads.js';

const columns: { label: string; rows: Row[] }[] = [];
const notes: string[] = [];
for (const device of ['cpu', 'webgpu', 'cuda']) {
  if (device !== 'cpu' && !torch.findBackend(device)) {
    notes.push(`${device}: not available (${device === 'cuda' ? torch.cuda.unavailableReason() : torch.webgpu.unavailableReason()})`);
    continue;
  }
  console.error(`running torchts on ${device} ...`);
  columns.push({ label: `torchts ${device}`, rows: runWorkloads(device) });
}
console.error('running PyTorch ...');
const peer = runPyTorch(2);
if ('skipped' in peer) notes.push(peer.skipped);
else columns.push(peer);

const names = columns[0]!.rows.map((r) => r.workload);
const header = ['workload', 'unit', ...columns.map((c) => c.label)];
if (columns.length > 1) header.push(`ratio (${columns[0]!.label} / ${columns[columns.length - 1]!.label})`);
const lines = [header];
for (const name of names) {
  const cells = columns.map((c) => c.rows.find((r) => r.workload === name));
  const line = [name, cells[0]!.unit, ...cells.map((c) => (c ? c.value.toFixed(2) : '-'))];
  const first = cells[0], last = cells[cells.length - 1];
  if (columns.length > 1 && first && last) {
    const ratio = first.unit === 'ms' ? last.value / first.value : first.value / last.value;
    line.push(ratio.toFixed(3));
  }
  lines.push(line);
}
const widths = header.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length)));
for (const l of lines) console.log(l.map((c, i) => c.padEnd(widths[i]!)).join('  '));
for (const n of notes) console.log(`note: ${n}`);
mkdirSync('bench-results', { recursive: true });
const file = `bench-results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
writeFileSync(file, JSON.stringify({ columns, notes }, null, 2));
console.log(`results written to ${file}`);
