// MNIST on IDX files generated in the published format, in torchvision's layout; download
// from a local HTTP server.
import '../../setup.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as torch from '@torchts/core';
import { DatasetNotFoundError, KMNIST, Lambda, MNIST, MNIST_RESOURCES, RawImage, ToTensor, type MnistResources } from '@torchts/data';
import { startServer, type TestServer } from '../../download/http-server.js';

function idx(shape: number[], data: Uint8Array): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header[2] = 0x08;
  header[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

const N = { train: 6, t10k: 3 };
const pixels = (n: number, k: number) => Uint8Array.from({ length: n * 28 * 28 }, (_, i) => (i * 7 + k) % 256);
const labels = (n: number, k: number) => Uint8Array.from({ length: n }, (_, i) => (i * 3 + k) % 10);
const files: Record<string, Uint8Array> = {
  'train-images-idx3-ubyte': idx([N.train, 28, 28], pixels(N.train, 1)),
  'train-labels-idx1-ubyte': idx([N.train], labels(N.train, 1)),
  't10k-images-idx3-ubyte': idx([N.t10k, 28, 28], pixels(N.t10k, 2)),
  't10k-labels-idx1-ubyte': idx([N.t10k], labels(N.t10k, 2)),
};

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'torchts-mnist-'));
  const raw = join(root, 'MNIST', 'raw');
  mkdirSync(raw, { recursive: true });
  // train uncompressed, test gzipped: both are found
  writeFileSync(join(raw, 'train-images-idx3-ubyte'), files['train-images-idx3-ubyte']!);
  writeFileSync(join(raw, 'train-labels-idx1-ubyte'), files['train-labels-idx1-ubyte']!);
  writeFileSync(join(raw, 't10k-images-idx3-ubyte.gz'), gzipSync(files['t10k-images-idx3-ubyte']!));
  writeFileSync(join(raw, 't10k-labels-idx1-ubyte.gz'), gzipSync(files['t10k-labels-idx1-ubyte']!));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('MNIST', () => {
  it('reads both splits in torchvision layout', () => {
    const train = new MNIST({ root, systemDir: null });
    const test = new MNIST(root, { train: false, systemDir: null });
    expect([train.length, test.length]).toEqual([6, 3]);
    expect(train.data.shape).toEqual([6, 28, 28]);
    expect([train.targets.dtype.name, Array.from(train.targets.toTypedArray())]).toEqual(['int64', [1, 4, 7, 0, 3, 6]]);
    expect(train.classes[3]).toBe('3 - three');
    expect(train.classToIdx['9 - nine']).toBe(9);
    const [img, y] = test.getItem(-1);
    expect(img).toBeInstanceOf(RawImage);
    expect([img.mode, img.size, y]).toEqual(['L', [28, 28], 8]);
    expect(Array.from(img.data.subarray(0, 3))).toEqual(Array.from(pixels(3, 2).subarray(2 * 784, 2 * 784 + 3)));
    expect(() => train.getItem(6)).toThrow('index 6 is out of bounds for dimension 0 with size 6');
  });

  it('applies transform and targetTransform, and prints as torchvision', () => {
    const ds = new MNIST({ root, systemDir: null, transform: new ToTensor(), targetTransform: new Lambda((t: number) => t * 10) });
    const [x, y] = ds.getItem(0);
    expect([x.shape, x.dtype.name, y]).toEqual([[1, 28, 28], 'float32', 10]);
    expect(x.toTypedArray()[1]).toBe(Math.fround(8 / 255));
    expect(String(ds)).toBe(
      `Dataset MNIST\n    Number of datapoints: 6\n    Root location: ${root}\n    Split: Train\n    StandardTransform\n` +
        'Transform: ToTensor()\nTarget transform: Lambda()',
    );
  });

  it('says where it looked when the files are missing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'torchts-none-'));
    try {
      expect(() => new KMNIST({ root: empty, systemDir: null })).toThrow(DatasetNotFoundError);
      expect(() => new KMNIST({ root: empty, systemDir: null })).toThrow(/KMNIST training set not found[\s\S]*KMNIST\/raw/);
      expect(() => new KMNIST({ root: empty, systemDir: null, download: true })).toThrow('use await KMNIST.create({ ..., download: true })');
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  describe('create({ download: true })', () => {
    let server: TestServer;
    beforeAll(async () => {
      const routes: Record<string, { body: Uint8Array }> = {};
      for (const [name, bytes] of Object.entries(files)) routes[`/m/${name}.gz`] = { body: gzipSync(bytes) };
      server = await startServer(routes);
    });
    afterAll(() => server.close());

    it('downloads from the first working mirror, checks MD5 and extracts', async () => {
      const resources: MnistResources = {
        ...MNIST_RESOURCES,
        mirrors: [`${server.url}/broken/`, `${server.url}/m/`],
        resources: Object.keys(files).map((name) => ({ filename: `${name}.gz`, md5: '' })),
      };
      // the MD5 of what the server sends
      for (const r of resources.resources) {
        const body = gzipSync(files[r.filename.slice(0, -3)]!);
        r.md5 = createHash('md5').update(body).digest('hex');
      }
      class LocalMNIST extends MNIST {
        static override readonly resources = resources;
      }
      const dir = mkdtempSync(join(tmpdir(), 'torchts-dl-'));
      try {
        const messages: string[] = [];
        const ds = await LocalMNIST.create({ root: dir, systemDir: null, download: true, downloadOptions: { log: (m) => messages.push(m), progress: false } });
        expect(ds.length).toBe(6);
        expect(existsSync(join(dir, 'MNIST', 'raw', 't10k-labels-idx1-ubyte'))).toBe(true);
        expect(messages.some((m) => m.includes('broken'))).toBe(true);
        expect(torch.isTensor(ds.data)).toBe(true);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
