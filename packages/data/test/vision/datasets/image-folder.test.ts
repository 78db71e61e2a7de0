// ImageFolder on a generated tree of PNG / PGM files, in torchvision's order.
import '../../setup.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageFolder, RawImage, ToTensor, encodePng } from '@torchts/data';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'torchts-folder-'));
  const put = (path: string, bytes: Uint8Array | string): void => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), bytes);
  };
  put('dog/b.png', encodePng(new Uint8Array([255, 0, 0, 0, 255, 0]), 2, 1, 3));
  put('dog/a.PNG', encodePng(new Uint8Array([10, 20]), 2, 1, 1));
  put('dog/sub/c.png', encodePng(new Uint8Array([1, 2, 3, 255, 4, 5, 6, 128]), 2, 1, 4));
  put('dog/notes.txt', 'not an image');
  put('cat/x.pgm', new Uint8Array([...new TextEncoder().encode('P5\n# gray\n2 1\n255\n'), 7, 9]));
  put('Bird/z.png', encodePng(new Uint8Array([5]), 1, 1, 1));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ImageFolder', () => {
  it('lists classes and samples in sorted order, as torchvision', () => {
    const ds = new ImageFolder(root);
    expect(ds.classes).toEqual(['Bird', 'cat', 'dog']);
    expect(ds.classToIdx).toEqual({ Bird: 0, cat: 1, dog: 2 });
    expect(ds.samples.map(([p, c]) => [p.slice(root.length + 1), c])).toEqual([
      ['Bird/z.png', 0], ['cat/x.pgm', 1], ['dog/a.PNG', 2], ['dog/b.png', 2], ['dog/sub/c.png', 2],
    ]);
    expect(ds.targets).toEqual([0, 1, 2, 2, 2]);
    expect(ds.imgs).toBe(ds.samples);
  });

  it('decodes images to RGB as PIL convert("RGB")', async () => {
    const ds = new ImageFolder({ root });
    const rgb = (i: number): number[] => {
      const [img] = ds.getItem(i) as [RawImage, number];
      expect(img.mode).toBe('RGB');
      return Array.from(img.data);
    };
    expect(rgb(1)).toEqual([7, 7, 7, 9, 9, 9]);
    expect(rgb(2)).toEqual([10, 10, 10, 20, 20, 20]);
    expect(rgb(3)).toEqual([255, 0, 0, 0, 255, 0]);
    expect(rgb(4)).toEqual([1, 2, 3, 4, 5, 6]);
    const withT = new ImageFolder(root, { transform: new ToTensor() });
    expect((await withT.getItem(3))[0].shape).toEqual([3, 1, 2]);
  });

  it('takes a loader (also async) and explains unsupported formats', async () => {
    const ds = new ImageFolder({ root, loader: async (p) => new RawImage(new Uint8Array(3), 1, 1, 3).toString() === p ? null! : new RawImage(new Uint8Array(3), 1, 1, 3) });
    const [img, y] = await ds.getItem(0);
    expect([img.size, y]).toEqual([[1, 1], 0]);
    const jpegRoot = mkdtempSync(join(tmpdir(), 'torchts-jpeg-'));
    try {
      mkdirSync(join(jpegRoot, 'a'));
      writeFileSync(join(jpegRoot, 'a', 'x.jpg'), new Uint8Array([0xff, 0xd8, 0xff, 0xe0]));
      expect(() => new ImageFolder(jpegRoot).getItem(0)).toThrow(/cannot decode JPEG here.*pass a loader/);
      mkdirSync(join(jpegRoot, 'empty'));
      expect(() => new ImageFolder(jpegRoot)).toThrow('Found no valid file for the classes empty.');
    } finally {
      rmSync(jpegRoot, { recursive: true, force: true });
    }
  });
});
