// torch.Size (src/size.ts) against PyTorch 1.13 goldens (fixtures/gen_misc.py).
import './setup.js';
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import * as torch from '@torchts/core';
import { loadFixture } from './fixtures/golden.js';

const fx = loadFixture<{ sizes: { shape: number[]; str: string; repr: string; numel: number }[]; tensorProps: { name: string; str: string }[] }>('misc.json');

describe('torch.Size prints and counts like PyTorch', () => {
  for (const c of fx.sizes) {
    it(c.str, () => {
      const s = torch.Size.fromShape(c.shape);
      expect(String(s)).toBe(c.str);
      expect(inspect(s)).toBe(c.repr);
      expect(`${torch.zeros(c.shape).size()}`).toBe(c.str);
      expect(s.numel()).toBe(c.numel);
    });
  }
  it('shape and size() agree and print', () => {
    const x = torch.zeros(5, 3);
    expect(String(x.shape)).toBe('torch.Size([5, 3])');
    expect(x.size()).toBe(x.shape);
    expect(fx.tensorProps[0]!.str).toBe('torch.Size([2, 3, 4])');
  });
  it('is an array: destructuring, length, indexing', () => {
    const [rows, cols] = torch.zeros(5, 3).shape;
    expect([rows, cols]).toEqual([5, 3]);
    const s = torch.Size.fromShape([2, 3]);
    expect(s.length).toBe(2);
    expect(s[1]).toBe(3);
    expect(Array.isArray(s)).toBe(true);
    expect(s).toEqual(torch.Size.fromShape([2, 3]));
  });
  it('is frozen, and map() gives a plain array', () => {
    const s = torch.Size.fromShape([2, 3]);
    expect(Object.isFrozen(s)).toBe(true);
    const doubled = s.map((d) => d * 2);
    expect(doubled).toEqual([4, 6]);
    expect(doubled instanceof torch.Size).toBe(false);
  });
});
