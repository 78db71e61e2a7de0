// W5's data: the TS loader and shuffle against what the PyTorch peer uses
// (golden from test/fixtures/gen_fashion_mnist.py), so all frameworks train on the same batches.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findFashionMnist, loadFashionMnist, shuffledOrder, syntheticFashionMnist } from '../src/fashion-mnist.js';

const golden = JSON.parse(readFileSync(new URL('./fixtures/fashion_mnist.json', import.meta.url), 'utf8')) as {
  train: { shape: number[]; labels: number[]; sums: number[]; sumsOfSquares: number[]; row16: number[] };
  test: { labels: number[]; sums: number[] };
  order100seed0: number[];
  order60000seed3head: number[];
};

function sums(images: Float32Array, n: number, square = false): number[] {
  return Array.from({ length: n }, (_, i) => images.subarray(i * 1024, (i + 1) * 1024).reduce((a, v) => a + (square ? v * v : v), 0));
}

describe('W5 data', () => {
  it("shuffles in PyTorch peer's order", () => {
    expect(Array.from(shuffledOrder(100, 0))).toEqual(golden.order100seed0);
    expect(Array.from(shuffledOrder(60000, 3).subarray(0, 12))).toEqual(golden.order60000seed3head);
    expect([...shuffledOrder(1000, 5)].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it.skipIf(!findFashionMnist())('pads and normalises the images as the PyTorch peer does (skips: Fashion-MNIST not installed)', () => {
    const { train, test } = loadFashionMnist({ limitTrain: 3, limitTest: 2 });
    expect([train.n, 1, 32, 32]).toEqual(golden.train.shape);
    expect(Array.from(train.labels)).toEqual(golden.train.labels);
    expect(Array.from(test.labels)).toEqual(golden.test.labels);
    sums(train.images, 3).forEach((s, i) => expect(s).toBeCloseTo(golden.train.sums[i]!, 2));
    sums(train.images, 3, true).forEach((s, i) => expect(s).toBeCloseTo(golden.train.sumsOfSquares[i]!, 2));
    sums(test.images, 2).forEach((s, i) => expect(s).toBeCloseTo(golden.test.sums[i]!, 2));
    Array.from(train.images.subarray(16 * 32, 17 * 32)).forEach((v, i) => expect(v).toBeCloseTo(golden.train.row16[i]!, 6));
  });

  it('makes synthetic data in the same layout, deterministically', () => {
    const a = syntheticFashionMnist(4, 2), b = syntheticFashionMnist(4, 2);
    expect(a.train.images.length).toBe(4 * 32 * 32);
    expect(a.train.images).toEqual(b.train.images);
    expect(Math.min(...a.train.images)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...a.train.labels)).toBeLessThan(10);
  });
});
