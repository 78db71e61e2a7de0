import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import {
  CIFAR10_RESOURCES,
  FASHION_MNIST_RESOURCES,
  downloadAndExtractArchive,
  downloadWithMirrors,
  extractArchive,
  locateCifarFiles,
  locateMnistFiles,
  readCifarBatches,
  readIdxImages,
  readIdxLabels,
} from '@torchts/data';
import { startServer, type TestServer } from './http-server.js';

// Archives packed by Python's tarfile/gzip: test/fixtures/archives/generate_archives.py and
// test/fixtures/cifar/generate_cifar.py (the miniature cifar-10-python.tar.gz).
const ARCHIVES = fileURLToPath(new URL('../fixtures/archives/', import.meta.url));
const CIFAR = fileURLToPath(new URL('../fixtures/cifar/', import.meta.url));
const cifarGolden = JSON.parse(readFileSync(join(CIFAR, 'golden.json'), 'utf8'));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'torchts-extract-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function expectNestedEntries(dir: string): void {
  expect(readFileSync(join(dir, 'folder', 'a.txt'), 'utf8')).toBe('alpha\n');
  expect(new Uint8Array(readFileSync(join(dir, 'folder', 'sub', 'b.bin')))).toEqual(Uint8Array.from({ length: 256 }, (_, i) => i));
}

describe('extractArchive', () => {
  it('extracts .tar.gz and .tar', async () => {
    expect(await extractArchive(join(ARCHIVES, 'nested.tar.gz'), join(tmp, 'tgz'))).toBe(join(tmp, 'tgz'));
    expectNestedEntries(join(tmp, 'tgz'));
    await extractArchive(join(ARCHIVES, 'plain.tar'), join(tmp, 'tar'));
    expectNestedEntries(join(tmp, 'tar'));
  });

  it('gunzips a single .gz next to it, and removes the archive when asked', async () => {
    const gz = join(tmp, 'single', 'labels-idx1-ubyte.gz');
    await extractArchive(join(ARCHIVES, 'nested.tar.gz'), join(tmp, 'single', 'unused'));
    writeFileSync(gz, gzipSync(Buffer.from('hello')));
    await extractArchive(gz, undefined, { removeFinished: true });
    expect(readFileSync(join(tmp, 'single', 'labels-idx1-ubyte'), 'utf8')).toBe('hello');
    expect(existsSync(gz)).toBe(false);
  });

  it('refuses entries that escape the target folder', async () => {
    const target = join(tmp, 'jail', 'inside');
    await expect(extractArchive(join(ARCHIVES, 'traversal.tar.gz'), target)).rejects.toThrow(/could not extract .*traversal.tar.gz/);
    expect(existsSync(join(tmp, 'jail', 'escaped.txt'))).toBe(false);
  });

  it('reports corrupt and unsupported archives', async () => {
    const bad = join(tmp, 'bad.tar.gz');
    const full = readFileSync(join(ARCHIVES, 'nested.tar.gz'));
    writeFileSync(bad, full.subarray(0, full.length - 30));
    await expect(extractArchive(bad, join(tmp, 'bad'))).rejects.toThrow(/could not extract .*bad.tar.gz/);
    await expect(extractArchive(join(tmp, 'x.zip'))).rejects.toThrow(/supported are .tar, .tar.gz \/ .tgz and .gz/);
  });
});

describe('download, verify, extract, read (local server)', () => {
  let server: TestServer;
  const tgz = readFileSync(join(CIFAR, 'cifar-10-python-mini.tar.gz'));
  const idxImages = gzipSync(
    Buffer.concat([Buffer.from([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 2]), Buffer.from([1, 2, 3, 4, 5, 6, 7, 8])]),
  );
  const idxLabels = gzipSync(Buffer.from([0, 0, 8, 1, 0, 0, 0, 2, 3, 9]));
  beforeAll(async () => {
    server = await startServer({
      '/kriz/cifar-10-python.tar.gz': { body: tgz },
      '/broken/cifar-10-python.tar.gz': { body: tgz.subarray(0, 1000) },
      '/fmnist/train-images-idx3-ubyte.gz': { body: idxImages },
      '/fmnist/train-labels-idx1-ubyte.gz': { body: idxLabels },
    });
  });
  afterAll(async () => server.close());

  it('CIFAR-10: a truncated mirror, then a good one; the extracted batches load as torchvision loads them', async () => {
    expect(md5(tgz)).toBe(cifarGolden.tar_gz_md5);
    const root = join(tmp, 'cifar-root');
    const log: string[] = [];
    await downloadAndExtractArchive(
      [`${server.url}/broken/`, `${server.url}/kriz/`],
      CIFAR10_RESOURCES.filename,
      root,
      cifarGolden.tar_gz_md5,
      { progress: false, log: (m) => log.push(m) },
    );
    expect(log.some((m) => m.startsWith('Failed to download (trying next)'))).toBe(true);
    const files = locateCifarFiles(root, CIFAR10_RESOURCES, true, { systemDir: null });
    const train = await readCifarBatches(files.batches, { variant: 'cifar10' });
    expect(sha256(train.data)).toBe(cifarGolden.cifar10.train.sha256);
    expect(train.labels).toEqual(cifarGolden.cifar10.train.targets);
  });

  it("FashionMNIST-style: per-file mirrors, .gz extracted into torchvision's raw folder", async () => {
    const raw = join(tmp, 'fm-root', 'FashionMNIST', 'raw');
    for (const [file, body] of [['train-images-idx3-ubyte.gz', idxImages], ['train-labels-idx1-ubyte.gz', idxLabels]] as const) {
      const path = await downloadWithMirrors([`${server.url}/fmnist/`], file, raw, md5(body), { progress: false, log: () => {} });
      await extractArchive(path);
    }
    const files = locateMnistFiles(join(tmp, 'fm-root'), FASHION_MNIST_RESOURCES, true, { systemDir: null });
    expect(files.images).toBe(join(raw, 'train-images-idx3-ubyte'));
    expect((await readIdxImages(files.images)).shape).toEqual([2, 2, 2]);
    expect([...(await readIdxLabels(files.labels)).data]).toEqual([3, 9]);
  });
});
