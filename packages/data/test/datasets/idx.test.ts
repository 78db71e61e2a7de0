import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  FASHION_MNIST_RESOURCES,
  locateMnistFiles,
  parseIdx,
  readIdxFile,
  readIdxFileSync,
  readIdxImages,
  readIdxLabels,
} from '@torchts/data';

/** An IDX file as the format defines it: 0, 0, type, ndim, big-endian uint32 dims, data. */
function idx(shape: number[], data: Uint8Array, type = 0x08): Uint8Array {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  header[2] = type;
  header[3] = shape.length;
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

const pixels = Uint8Array.from({ length: 3 * 4 * 5 }, (_, i) => (i * 37) % 256);
const labels = Uint8Array.from([7, 0, 9]);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'torchts-idx-'));
  writeFileSync(join(dir, 'images-idx3-ubyte'), idx([3, 4, 5], pixels));
  writeFileSync(join(dir, 'images-idx3-ubyte.gz'), gzipSync(idx([3, 4, 5], pixels)));
  writeFileSync(join(dir, 'labels-idx1-ubyte'), idx([3], labels));
  writeFileSync(join(dir, 'labels-idx1-ubyte.gz'), gzipSync(idx([3], labels)));
  // gzip is recognised by content: a misnamed file still loads
  writeFileSync(join(dir, 'gzipped-without-suffix'), gzipSync(idx([3], labels)));
  writeFileSync(join(dir, 'plain-with-suffix.gz'), idx([3], labels));
  const gz = gzipSync(idx([3, 4, 5], pixels));
  writeFileSync(join(dir, 'truncated.gz'), gz.subarray(0, gz.length - 20));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IDX files', () => {
  it('reads images [N, H, W] and labels [N], plain and gzipped', async () => {
    for (const name of ['images-idx3-ubyte', 'images-idx3-ubyte.gz']) {
      const img = await readIdxImages(join(dir, name));
      expect(img.shape).toEqual([3, 4, 5]);
      expect(img.data).toEqual(pixels);
    }
    for (const name of ['labels-idx1-ubyte', 'labels-idx1-ubyte.gz', 'gzipped-without-suffix', 'plain-with-suffix.gz']) {
      const lab = await readIdxLabels(join(dir, name));
      expect(lab.shape).toEqual([3]);
      expect([...lab.data]).toEqual([7, 0, 9]);
    }
  });

  it('reads synchronously too', () => {
    const img = readIdxFileSync(join(dir, 'images-idx3-ubyte.gz'), { ndim: 3 });
    expect(img.shape).toEqual([3, 4, 5]);
    expect(img.data).toEqual(pixels);
  });

  it('accepts any dimension count when none is asked for', () => {
    const a = parseIdx(idx([2, 3], Uint8Array.from([1, 2, 3, 4, 5, 6])));
    expect(a.shape).toEqual([2, 3]);
  });

  it('says which file and what was expected when the magic number is wrong', () => {
    const bad = idx([3], labels);
    bad[0] = 0x12;
    expect(() => parseIdx(bad, { source: 'x-labels' })).toThrow(
      /x-labels: not an IDX file: magic number 0x12000801, expected 0x00000803 \(images\) or 0x00000801 \(labels\)/,
    );
    expect(() => parseIdx(gzipSync(idx([3], labels)), { source: 'g' })).toThrow(/gzipped/);
  });

  it('rejects a labels file where images are expected, and the other way round', async () => {
    await expect(readIdxImages(join(dir, 'labels-idx1-ubyte'))).rejects.toThrow(
      /labels-idx1-ubyte: has 1 dimension \(magic 0x00000801\), expected 3 \(images \[N, H, W\], magic 0x00000803\)/,
    );
    await expect(readIdxLabels(join(dir, 'images-idx3-ubyte.gz'))).rejects.toThrow(
      /images-idx3-ubyte.gz: has 3 dimensions .* expected 1 \(labels \[N\]/,
    );
  });

  it('rejects non-byte element types', () => {
    expect(() => parseIdx(idx([2], new Uint8Array(8), 0x0d), { source: 'f' })).toThrow(
      /f: element type 0x0d \(float32\) in magic number 0x00000d01, expected 0x08 \(unsigned byte\)/,
    );
  });

  it('rejects truncated data, extra data and a truncated header', () => {
    const full = idx([3, 4, 5], pixels);
    expect(() => parseIdx(full.subarray(0, full.length - 1), { source: 't' })).toThrow(
      /t: truncated: header says shape \[3, 4, 5\] = 60 bytes of data but only 59 follow the header/,
    );
    const extra = new Uint8Array(full.length + 2);
    extra.set(full);
    expect(() => parseIdx(extra, { source: 'e' })).toThrow(/e: .* 62 follow the header \(2 extra bytes\)/);
    expect(() => parseIdx(full.subarray(0, 10), { source: 'h' })).toThrow(/h: truncated header/);
    expect(() => parseIdx(new Uint8Array(2), { source: 's' })).toThrow(/s: too short/);
  });

  it('reports a corrupt gzip with the file name', async () => {
    await expect(readIdxFile(join(dir, 'truncated.gz'))).rejects.toThrow(
      /truncated.gz: could not decompress gzip data .*download it again/,
    );
  });
});

// Golden values recorded from torchvision.datasets.FashionMNIST by
// test/fixtures/fashion-mnist/generate_golden.py.
const golden = JSON.parse(
  readFileSync(new URL('../fixtures/fashion-mnist/golden.json', import.meta.url), 'utf8'),
) as Record<'train' | 'test', {
  count: number;
  shape: number[];
  images_sha256: string;
  labels_sha256: string;
  pixel_sum: number;
  label_counts: number[];
  first_labels: number[];
  items: { index: number; label: number; row14: number[]; sum: number }[];
}>;

const DEBIAN_DIR = '/usr/share/datasets/fashion-mnist';
const NOT_INSTALLED = 'Fashion-MNIST not installed (apt-get install dataset-fashion-mnist)';
const installed = existsSync(join(DEBIAN_DIR, 'train-images-idx3-ubyte.gz'));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the real Fashion-MNIST (Debian dataset-fashion-mnist) against torchvision', () => {
  for (const split of ['train', 'test'] as const) {
    it(`${split}: counts, labels and pixels match torchvision`, async (ctx) => {
      if (!installed) return ctx.skip(NOT_INSTALLED);
      const files = locateMnistFiles(join(dir, 'empty-root'), FASHION_MNIST_RESOURCES, split === 'train');
      expect(files.dir).toBe(DEBIAN_DIR);
      const started = performance.now();
      const images = await readIdxImages(files.images);
      const elapsed = performance.now() - started;
      const labelsArr = await readIdxLabels(files.labels);
      const g = golden[split];
      expect(images.shape).toEqual(g.shape);
      expect(labelsArr.shape).toEqual([g.count]);
      expect(sha256(images.data)).toBe(g.images_sha256);
      expect(sha256(labelsArr.data)).toBe(g.labels_sha256);
      let sum = 0;
      for (const v of images.data) sum += v;
      expect(sum).toBe(g.pixel_sum);
      const counts = new Array(10).fill(0);
      for (const l of labelsArr.data) counts[l]++;
      expect(counts).toEqual(g.label_counts);
      expect([...labelsArr.data.subarray(0, 20)]).toEqual(g.first_labels);
      for (const item of g.items) {
        expect(labelsArr.data[item.index]).toBe(item.label);
        const start = item.index * 784 + 14 * 28;
        expect([...images.data.subarray(start, start + 28)]).toEqual(item.row14);
      }
      // The issue asks for "well under a second" for the 60,000 training images; the bound
      // here is loose because test machines are shared.
      if (split === 'train') {
        console.log(`read ${g.count} Fashion-MNIST images in ${elapsed.toFixed(0)} ms`);
        expect(elapsed).toBeLessThan(2000);
      }
    });
  }
});
