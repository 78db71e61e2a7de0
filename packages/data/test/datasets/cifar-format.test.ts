import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCifarBatch, readCifarBatches, readCifarBatchesSync, readCifarClasses } from '@torchts/data';

// Fixtures and golden values from test/fixtures/cifar/generate_cifar.py: the python batches
// are written by Python 2's cPickle (as the published tarballs), and golden.json holds what
// torchvision.datasets.CIFAR10 / CIFAR100 load from them.
const FIX = fileURLToPath(new URL('../fixtures/cifar/', import.meta.url));
const golden = JSON.parse(readFileSync(join(FIX, 'golden.json'), 'utf8'));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const at = (folder: string, names: string[]) => names.map((n) => join(FIX, folder, n));
const TRAIN10 = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}`);

describe('CIFAR python batches (pickled) match torchvision', () => {
  it('CIFAR-10 train and test', async () => {
    for (const [split, files] of [['train', TRAIN10], ['test', ['test_batch']]] as const) {
      const g = golden.cifar10[split];
      const out = await readCifarBatches(at('cifar-10-batches-py', [...files]), { variant: 'cifar10' });
      expect(out.count).toBe(g.count);
      expect(out.data.length).toBe(g.shape.reduce((a: number, b: number) => a * b, 1));
      expect(sha256(out.data)).toBe(g.sha256);
      expect([...out.data.subarray(0, 12)]).toEqual(g.first_pixels);
      expect(out.labels).toEqual(g.targets);
      expect(out.coarseLabels).toBeUndefined();
    }
    expect(readCifarClasses(join(FIX, 'cifar-10-batches-py', 'batches.meta'))).toEqual(golden.cifar10.train.classes);
  });

  it('CIFAR-100 train and test, with coarse labels', async () => {
    for (const split of ['train', 'test'] as const) {
      const g = golden.cifar100[split];
      const out = await readCifarBatches(at('cifar-100-python', [split]), { variant: 'cifar100' });
      expect(out.count).toBe(g.count);
      expect(sha256(out.data)).toBe(g.sha256);
      expect(out.labels).toEqual(g.targets);
      expect(out.coarseLabels).toEqual(g.coarse_targets);
    }
    const meta = join(FIX, 'cifar-100-python', 'meta');
    expect(readCifarClasses(meta)).toEqual(golden.cifar100.train.classes);
    expect(readCifarClasses(meta, 'coarse_label_names')).toEqual(golden.cifar100.coarse_classes);
  });

  it('batches re-saved by Python 3 (protocols 2, 4, 5; numpy labels; Fortran-order data)', async () => {
    const names = ['data_batch_protocol2', 'data_batch_protocol4', 'data_batch_protocol5', 'data_batch_numpy_labels_fortran'];
    for (const name of names) {
      const out = await readCifarBatches(at('pickle-variants', [name]), { variant: 'cifar10' });
      expect(out.count, name).toBe(3);
      expect(sha256(out.data), name).toBe(golden.variants.sha256);
      expect(out.labels, name).toEqual(golden.variants.labels);
    }
  });

  it('reads synchronously too', () => {
    const out = readCifarBatchesSync(at('cifar-10-batches-py', TRAIN10), { variant: 'cifar10' });
    expect(sha256(out.data)).toBe(golden.cifar10.train.sha256);
  });
});

describe('CIFAR binary batches', () => {
  it('CIFAR-10: <label><1024 R><1024 G><1024 B> records give the same data as the python version', async () => {
    const train = await readCifarBatches(at('cifar-10-batches-bin', TRAIN10.map((n) => `${n}.bin`)), { variant: 'cifar10' });
    expect(sha256(train.data)).toBe(golden.binary.cifar10_train_sha256);
    expect(train.labels).toEqual(golden.cifar10.train.targets);
    const test = await readCifarBatches(at('cifar-10-batches-bin', ['test_batch.bin']), { variant: 'cifar10' });
    expect(sha256(test.data)).toBe(golden.binary.cifar10_test_sha256);
    expect(test.labels).toEqual(golden.cifar10.test.targets);
    expect(readCifarClasses(join(FIX, 'cifar-10-batches-bin', 'batches.meta.txt'))).toEqual(golden.cifar10.train.classes);
  });

  it('CIFAR-100: <coarse><fine><pixels> records', async () => {
    const train = await readCifarBatches(at('cifar-100-binary', ['train.bin']), { variant: 'cifar100' });
    expect(sha256(train.data)).toBe(golden.binary.cifar100_train_sha256);
    expect(train.labels).toEqual(golden.cifar100.train.targets);
    expect(train.coarseLabels).toEqual(golden.cifar100.train.coarse_targets);
    expect(readCifarClasses(join(FIX, 'cifar-100-binary', 'fine_label_names.txt'))).toEqual(golden.cifar100.train.classes);
  });

  it('says what is wrong with a truncated file or the wrong variant', async () => {
    const bytes = readFileSync(join(FIX, 'cifar-10-batches-bin', 'data_batch_1.bin'));
    expect(() => parseCifarBatch(bytes.subarray(0, bytes.length - 5), 'cut.bin', { variant: 'cifar10' })).toThrow(
      /cut.bin: 6141 bytes is not a whole number of CIFAR-10 binary records \(3073 bytes each: 1 label byte \+ 3072 pixel bytes\)/,
    );
    await expect(
      readCifarBatches(at('cifar-100-binary', ['train.bin']), { variant: 'cifar10' }),
    ).rejects.toThrow(/train.bin: 12296 bytes is not a whole number of CIFAR-10 binary records/);
  });

  it('explains a file that is not a CIFAR python batch', async () => {
    await expect(
      readCifarBatches(at('cifar-10-batches-py', ['batches.meta']), { variant: 'cifar10' }),
    ).rejects.toThrow(/batches.meta: no numpy array under "data" \(keys: .*label_names.*\); expected a CIFAR python batch/);
    const dir = mkdtempSync(join(tmpdir(), 'torchts-cifar-'));
    writeFileSync(join(dir, 'data_batch_1'), 'not a pickle');
    try {
      await expect(readCifarBatches([join(dir, 'data_batch_1')], { variant: 'cifar10' })).rejects.toThrow(/data_batch_1: /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
