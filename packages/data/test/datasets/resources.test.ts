import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  CIFAR10_RESOURCES,
  CIFAR100_RESOURCES,
  FASHION_MNIST_RESOURCES,
  KMNIST_RESOURCES,
  MNIST_RESOURCES,
  mnistFileNames,
} from '@torchts/data';

// Dumped from torchvision 0.14's classes by test/fixtures/resources/generate_resources.py.
const tv = JSON.parse(readFileSync(new URL('../fixtures/resources/resources.json', import.meta.url), 'utf8'));

describe("dataset resources are torchvision's", () => {
  for (const r of [MNIST_RESOURCES, FASHION_MNIST_RESOURCES, KMNIST_RESOURCES]) {
    it(r.folder, () => {
      const t = tv[r.folder];
      expect(r.folder).toBe(t.folder);
      expect(r.mirrors).toEqual(t.mirrors);
      expect(r.resources).toEqual(t.resources);
      expect(r.classes).toEqual(t.classes);
    });
  }

  for (const [name, r] of [['CIFAR10', CIFAR10_RESOURCES], ['CIFAR100', CIFAR100_RESOURCES]] as const) {
    it(name, () => {
      const t = tv[name];
      expect(r.baseFolder).toBe(t.baseFolder);
      expect(r.url).toBe(t.url);
      expect(r.filename).toBe(t.filename);
      expect(r.tgzMd5).toBe(t.tgzMd5);
      expect(r.trainList).toEqual(t.trainList);
      expect(r.testList).toEqual(t.testList);
      expect(r.meta).toEqual(t.meta);
    });
  }

  it('names the IDX files like MNIST._load_data', () => {
    expect(mnistFileNames(true)).toEqual({ images: 'train-images-idx3-ubyte', labels: 'train-labels-idx1-ubyte' });
    expect(mnistFileNames(false)).toEqual({ images: 't10k-images-idx3-ubyte', labels: 't10k-labels-idx1-ubyte' });
  });
});
