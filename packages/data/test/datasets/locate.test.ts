import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CIFAR10_RESOURCES,
  CIFAR100_RESOURCES,
  DatasetNotFoundError,
  FASHION_MNIST_RESOURCES,
  MNIST_RESOURCES,
  locateCifarFiles,
  locateMnistFiles,
} from '@torchts/data';

const CIFAR_FIX = fileURLToPath(new URL('../fixtures/cifar/', import.meta.url));

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'torchts-locate-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function touch(path: string): string {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, '');
  return path;
}

function caught(fn: () => unknown): DatasetNotFoundError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(DatasetNotFoundError);
    return err as DatasetNotFoundError;
  }
  throw new Error('expected a DatasetNotFoundError');
}

describe('locateMnistFiles', () => {
  it("finds torchvision's layout root/<Name>/raw, uncompressed files first", () => {
    const root = join(tmp, 'tv');
    const raw = join(root, 'MNIST', 'raw');
    touch(join(raw, 'train-images-idx3-ubyte'));
    touch(join(raw, 'train-images-idx3-ubyte.gz'));
    touch(join(raw, 'train-labels-idx1-ubyte.gz'));
    const files = locateMnistFiles(root, MNIST_RESOURCES, true, { systemDir: null });
    expect(files).toEqual({
      dir: raw,
      images: join(raw, 'train-images-idx3-ubyte'),
      labels: join(raw, 'train-labels-idx1-ubyte.gz'),
    });
  });

  it('falls back to <systemDir>/<name> (Debian puts Fashion-MNIST in /usr/share/datasets/fashion-mnist)', () => {
    const system = join(tmp, 'system');
    const dir = join(system, 'fashion-mnist');
    for (const f of ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz']) touch(join(dir, f));
    const files = locateMnistFiles(join(tmp, 'empty-root'), FASHION_MNIST_RESOURCES, false, { systemDir: system });
    expect(files.images).toBe(join(dir, 't10k-images-idx3-ubyte.gz'));
    expect(files.labels).toBe(join(dir, 't10k-labels-idx1-ubyte.gz'));
  });

  it('finds the real Debian Fashion-MNIST when installed', (ctx) => {
    if (!existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz')) {
      return ctx.skip('Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)');
    }
    const files = locateMnistFiles(join(tmp, 'nothing-here'), FASHION_MNIST_RESOURCES, true);
    expect(files.dir).toBe('/usr/share/datasets/fashion-mnist');
  });

  it('lists every folder searched, what was missing, and suggests download: true', () => {
    const root = join(tmp, 'partial');
    touch(join(root, 'FashionMNIST', 'raw', 'train-images-idx3-ubyte.gz'));
    const system = join(tmp, 'no-system');
    const err = caught(() => locateMnistFiles(root, FASHION_MNIST_RESOURCES, true, { systemDir: system }));
    expect(err.message).toBe(
      'FashionMNIST training set not found. Looked for train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz] in:\n' +
        `  ${join(root, 'FashionMNIST', 'raw')} (missing train-labels-idx1-ubyte[.gz])\n` +
        `  ${join(system, 'fashion-mnist')} (folder does not exist)\n` +
        `Pass download: true to download it into ${join(root, 'FashionMNIST', 'raw')} ` +
        '(or install it system-wide: apt-get install dataset-fashion-mnist).',
    );
    expect(err.searched.map((s) => s.exists)).toEqual([true, false]);
  });
});

describe('locateCifarFiles', () => {
  it("finds the python version in torchvision's layout", () => {
    const found = locateCifarFiles(CIFAR_FIX, CIFAR10_RESOURCES, true, { systemDir: null });
    expect(found.format).toBe('python');
    expect(found.batches).toEqual([1, 2, 3, 4, 5].map((i) => join(CIFAR_FIX, 'cifar-10-batches-py', `data_batch_${i}`)));
    expect(found.meta).toBe(join(CIFAR_FIX, 'cifar-10-batches-py', 'batches.meta'));
    const test100 = locateCifarFiles(CIFAR_FIX, CIFAR100_RESOURCES, false, { systemDir: null });
    expect(test100.batches).toEqual([join(CIFAR_FIX, 'cifar-100-python', 'test')]);
  });

  it('finds the binary version when the python one is absent, also under the system folder', () => {
    const system = join(tmp, 'sys-cifar');
    cpSync(join(CIFAR_FIX, 'cifar-10-batches-bin'), join(system, 'cifar-10', 'cifar-10-batches-bin'), { recursive: true });
    const found = locateCifarFiles(join(tmp, 'no-cifar'), CIFAR10_RESOURCES, false, { systemDir: system });
    expect(found.format).toBe('binary');
    expect(found.batches).toEqual([join(system, 'cifar-10', 'cifar-10-batches-bin', 'test_batch.bin')]);
    expect(found.meta).toBe(join(system, 'cifar-10', 'cifar-10-batches-bin', 'batches.meta.txt'));
  });

  it('explains what is missing', () => {
    const root = join(tmp, 'cifar-partial');
    touch(join(root, 'cifar-10-batches-py', 'data_batch_1'));
    const err = caught(() => locateCifarFiles(root, CIFAR10_RESOURCES, true, { systemDir: null }));
    expect(err.message).toContain('CIFAR-10 training set not found. Looked in:');
    expect(err.message).toContain(
      `${join(root, 'cifar-10-batches-py')} (missing data_batch_2, data_batch_3, data_batch_4, data_batch_5, batches.meta)`,
    );
    expect(err.message).toContain(`${join(root, 'cifar-10-batches-bin')} (folder does not exist)`);
    expect(err.message).toContain(`Pass download: true to download cifar-10-python.tar.gz and extract it into ${root}.`);
  });
});
