#!/usr/bin/env node
// DataLoader throughput (images/s): Fashion-MNIST training set, batch 64, shuffle,
// ToTensor + Normalize, with 0 and 2 worker threads, side by side with PyTorch's DataLoader
// (loader_torch.py, run with /usr/bin/python3 when it has torchvision).
//
//   pnpm build && node packages/data/bench/loader.mjs
//   # or from sources, without building:
//   node --import ./packages/data/test/utils/data/worker/register-ts.mjs packages/data/bench/loader.mjs
//
// Options: --epochs N (default 1), --workers 0,2, --no-torch
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import './register-cpu.mjs';
import * as torch from '@torchts/core';
import { Compose, DataLoader, FashionMNIST, Normalize, ToTensor, addWorkerSetupModule } from '@torchts/data';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : process.argv[i + 1];
};
const epochs = Number(arg('epochs', '1'));
const workerCounts = arg('workers', '0,2').split(',').map(Number);
const root = arg('root', './data');

// Run from TypeScript sources (through the test's module hooks), workers need the hooks too.
if (import.meta.resolve('@torchts/data').endsWith('.ts')) {
  addWorkerSetupModule(new URL('../test/utils/data/worker/register-ts.mjs', import.meta.url));
}
addWorkerSetupModule(new URL('./register-cpu.mjs', import.meta.url));

const transform = new Compose([new ToTensor(), new Normalize([0.5], [0.5])]);
let t0 = performance.now();
const trainset = new FashionMNIST({ root, train: true, transform });
const loadMs = performance.now() - t0;
console.log(`torchts: FashionMNIST train (${trainset.length} images) loaded in ${loadMs.toFixed(0)} ms`);

const rows = [];
for (const numWorkers of workerCounts) {
  torch.manualSeed(0);
  const loader = new DataLoader(trainset, { batchSize: 64, shuffle: true, numWorkers });
  let images = 0;
  let checksum = 0;
  t0 = performance.now();
  for (let e = 0; e < epochs; e++) {
    for await (const [x, y] of loader) {
      images += x.shape[0];
      checksum += y.toTypedArray()[0];
    }
  }
  const s = (performance.now() - t0) / 1000;
  rows.push({ impl: 'torchts', numWorkers, imagesPerSecond: images / s, seconds: s });
  console.log(`torchts  numWorkers=${numWorkers}: ${(images / s).toFixed(0)} images/s (${images} images in ${s.toFixed(2)} s, checksum ${checksum})`);
}

if (!process.argv.includes('--no-torch') && existsSync('/usr/bin/python3')) {
  const script = fileURLToPath(new URL('./loader_torch.py', import.meta.url));
  const r = spawnSync('/usr/bin/python3', [script, '--epochs', String(epochs), '--workers', workerCounts.join(',')], { encoding: 'utf8' });
  if (r.status === 0) {
    for (const line of r.stdout.trim().split('\n')) {
      const row = JSON.parse(line);
      rows.push(row);
      console.log(`pytorch  numWorkers=${row.numWorkers}: ${row.imagesPerSecond.toFixed(0)} images/s (${row.seconds.toFixed(2)} s)`);
    }
  } else {
    console.log(`pytorch: skipped (${(r.stderr || r.error?.message || '').trim().split('\n').pop()})`);
  }
}
console.log(JSON.stringify(rows));
