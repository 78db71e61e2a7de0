// The blitz classifier chapter trained on 'cuda' (the tutorial's "Training on GPU"): one full
// epoch of Fashion-MNIST at the tutorial's batch 4, then the test accuracy. Runs on a lent GPU
// from the bundle backend-cuda's gpu-bundle.sh makes; skipped here with the reason.
import { describe, expect, it, vi } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as torch from 'torchts';
import { classifierChapter } from '../src/classifier.js';

const root = process.env.BLITZ_DATA ?? './data';
const hasData = [join(root, 'FashionMNIST', 'raw'), '/usr/share/datasets/fashion-mnist']
  .some((d) => existsSync(join(d, 'train-images-idx3-ubyte.gz')) || existsSync(join(d, 'train-images-idx3-ubyte')));
const reason = torch.cuda.unavailableReason() ?? (hasData ? null : 'Fashion-MNIST not installed');

describe('blitz classifier on cuda', () => {
  (reason === null ? it : it.skip)(`one epoch of Fashion-MNIST at batch 4 reaches 80 %${reason ? ` (skipped: ${reason})` : ''}`, async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void lines.push(args.join(' ')));
    const out = mkdtempSync(join(tmpdir(), 'blitz-cuda-'));
    try {
      await classifierChapter({ epochs: 1, device: 'cuda', root, out });
    } finally {
      spy.mockRestore();
    }
    const text = lines.join('\n');
    process.stdout.write(`${text.split('\n').filter((l) => /loss|Accuracy of|Training on/.test(l)).slice(-6).join('\n')}\n`);
    expect(text).toContain('Training on cuda');
    const accuracy = Number(/Accuracy of the network on the 10000 test images: (\d+) %/.exec(text)?.[1]);
    expect(accuracy).toBeGreaterThanOrEqual(80);
  });
});
