// Smoke test of the trainer: one epoch on a subset of Fashion-MNIST, twice with one seed.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../src/main.js';
import { parseConfig } from '../src/config.js';

const hasFashionMnist = existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz');

describe('torchts-train', () => {
  it('parses the documented flags with their defaults', () => {
    const cfg = parseConfig([]);
    expect(cfg).toMatchObject({ dataset: 'fashion-mnist', model: 'lenet', epochs: 2, batchSize: 64, optimizer: 'sgd', lr: 0.01, momentum: 0.9 });
    expect(parseConfig(['--optimizer', 'adam']).lr).toBe(0.001);
    expect(() => parseConfig(['--epochs', '0'])).toThrow(/positive integer/);
    expect(() => parseConfig(['--dataset', 'imagenet'])).toThrow(/Allowed choices/);
  });

  it.skipIf(!hasFashionMnist)('trains one epoch on a subset, writes its reports, and is reproducible with --seed (skips: Fashion-MNIST not installed)', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const run = async () => {
        const out = mkdtempSync(join(tmpdir(), 'train-'));
        const ev = await main(['--limit-train', '256', '--limit-test', '128', '--epochs', '1', '--batch-size', '32', '--seed', '7', '--out', out, '--no-progress']);
        return { ev, out };
      };
      const a = await run();
      const b = await run();
      expect(a.ev.confusion.flat().reduce((x, y) => x + y, 0)).toBe(128);
      expect(a.ev.loss).toBeGreaterThan(0);
      expect(b.ev.loss).toBe(a.ev.loss);
      expect(b.ev.confusion).toEqual(a.ev.confusion);
      for (const f of ['fashion-mnist-lenet.ckpt', 'history.svg', 'confusion.csv', 'metrics.json']) {
        expect(existsSync(join(a.out, f))).toBe(true);
      }
      expect(readFileSync(join(a.out, 'history.svg'), 'utf8')).toContain('<svg');
      // Resuming from the checkpoint and evaluating gives the same accuracy.
      const ev = await main(['--limit-test', '128', '--limit-train', '32', '--resume', join(a.out, 'fashion-mnist-lenet.ckpt'), '--eval-only', '--out', a.out, '--no-progress']);
      expect(ev.accuracy).toBe(a.ev.accuracy);
    } finally {
      log.mockRestore();
    }
  });

  it.skipIf(!hasFashionMnist)('trains on webgpu with the losses it has on the cpu (skips: Fashion-MNIST not installed)', async (ctx) => {
    const torch = await import('torchts');
    if (!(await torch.webgpu.init())) ctx.skip(`no WebGPU adapter: ${torch.webgpu.unavailableReason()}`);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const args = ['--limit-train', '192', '--limit-test', '64', '--epochs', '2', '--batch-size', '16', '--seed', '3', '--no-progress'];
      const cpu = await main([...args, '--device', 'cpu', '--out', mkdtempSync(join(tmpdir(), 'train-cpu-'))]);
      const gpu = await main([...args, '--device', 'webgpu', '--out', mkdtempSync(join(tmpdir(), 'train-gpu-'))]);
      // 24 SGD steps in float32 on two backends: the losses agree to rounding, not bit for bit.
      expect(Math.abs(gpu.loss - cpu.loss)).toBeLessThan(1e-3 * Math.max(1, cpu.loss));
    } finally {
      log.mockRestore();
    }
  });
});
