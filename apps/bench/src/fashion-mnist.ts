/**
 * Fashion-MNIST for W5, read straight from the IDX files into flat arrays that every
 * framework (torchts, TF.js; PyTorch reads the same files) turns into one preloaded tensor:
 * images padded from 28x28 to 32x32 and normalised to [-1, 1] as the blitz does
 * (`Pad(2)`, `ToTensor()`, `Normalize([0.5], [0.5])`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

/** One split: `images` is `[n, 32, 32]` float32 in [-1, 1] (the 2-pixel border is -1), `labels` is `[n]`. */
export interface ImageSet {
  images: Float32Array;
  labels: Int32Array;
  n: number;
}

/** Both splits. */
export interface FashionMnist {
  train: ImageSet;
  test: ImageSet;
}

/** Image side after padding. */
export const SIDE = 32;

/** Where the IDX files may be: torchvision's layout under `root`, then Debian's `dataset-fashion-mnist`. */
export function fashionMnistDirs(root = './data'): string[] {
  return [join(root, 'FashionMNIST', 'raw'), '/usr/share/datasets/fashion-mnist'];
}

function readIdx(dir: string, base: string): Buffer {
  for (const name of [base, `${base}.gz`]) {
    const file = join(dir, name);
    if (existsSync(file)) {
      const raw = readFileSync(file);
      return name.endsWith('.gz') ? gunzipSync(raw) : raw;
    }
  }
  throw new Error(`${base} not found in ${dir}`);
}

/** Pads 28x28 uint8 images to 32x32 and maps [0, 255] to [-1, 1]. */
function toImages(idx: Buffer, limit: number | null): { images: Float32Array; n: number } {
  const count = idx.readUInt32BE(4), rows = idx.readUInt32BE(8), cols = idx.readUInt32BE(12);
  const n = limit === null ? count : Math.min(count, limit);
  const pad = (SIDE - rows) >> 1;
  const images = new Float32Array(n * SIDE * SIDE).fill(-1);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < rows; r++) {
      const src = 16 + (i * rows + r) * cols;
      const dst = (i * SIDE + r + pad) * SIDE + pad;
      for (let c = 0; c < cols; c++) images[dst + c] = idx[src + c]! / 127.5 - 1;
    }
  }
  return { images, n };
}

function toLabels(idx: Buffer, n: number): Int32Array {
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = idx[8 + i]!;
  return labels;
}

function split(dir: string, prefix: string, limit: number | null): ImageSet {
  const { images, n } = toImages(readIdx(dir, `${prefix}-images-idx3-ubyte`), limit);
  return { images, labels: toLabels(readIdx(dir, `${prefix}-labels-idx1-ubyte`), n), n };
}

/** The folder that holds the four IDX files, or null. */
export function findFashionMnist(root?: string): string | null {
  return fashionMnistDirs(root).find((d) => existsSync(join(d, 'train-images-idx3-ubyte.gz')) || existsSync(join(d, 'train-images-idx3-ubyte'))) ?? null;
}

/**
 * Loads Fashion-MNIST (the first `limitTrain` / `limitTest` images when given).
 *
 * @example
 * ```ts
 * const { train, test } = loadFashionMnist({ limitTrain: null, limitTest: null });
 * train.n; // 60000
 * ```
 */
export function loadFashionMnist({ limitTrain, limitTest, root }: { limitTrain: number | null; limitTest: number | null; root?: string }): FashionMnist {
  const dir = findFashionMnist(root);
  if (!dir) throw new Error(`Fashion-MNIST not found (looked in ${fashionMnistDirs(root).join(', ')}; apt-get install dataset-fashion-mnist)`);
  return { train: split(dir, 'train', limitTrain), test: split(dir, 't10k', limitTest) };
}

/** Random images and labels in the same layout (tests; no learning signal). */
export function syntheticFashionMnist(nTrain: number, nTest: number, seed = 0): FashionMnist {
  let s = seed >>> 0 || 1;
  const next = (): number => {
    // xorshift32: deterministic, no dependency on a framework's generator.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
  const make = (n: number): ImageSet => {
    const images = new Float32Array(n * SIDE * SIDE);
    for (let i = 0; i < images.length; i++) images[i] = next() * 2 - 1;
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) labels[i] = Math.floor(next() * 10);
    return { images, labels, n };
  };
  return { train: make(nTrain), test: make(nTest) };
}

/** Real data for a real epoch item, random data for a synthetic (test) one. */
export function epochData(item: { limitTrain: number | null; limitTest: number | null; synthetic: boolean }): FashionMnist {
  if (item.synthetic) return syntheticFashionMnist(item.limitTrain ?? 64, item.limitTest ?? 32);
  return loadFashionMnist(item);
}

/** A seeded Fisher-Yates permutation of 0..n-1 (each framework shuffles with this same order). */
export function shuffledOrder(n: number, seed: number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let s = (seed + 0x9e3779b9) >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}
