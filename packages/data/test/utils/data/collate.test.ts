// defaultCollate against PyTorch 1.13's default_collate (fixtures/loader/gen_loader.py).
import '../../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { RawImage, defaultCollate, defaultConvert } from '@torchts/data';
import { loadFixture } from '../../fixtures/load.js';

type Enc = { tensor: true; dtype: string; shape: number[]; values: (number | boolean)[] } | { dict: Record<string, Enc> } | { list: Enc[] } | { value: unknown };
const fx = loadFixture<{ collate: { name: string; out: Enc }[] }>('loader/loader.json');

function enc(v: unknown): Enc {
  if (torch.isTensor(v)) {
    const values = Array.from(v.toTypedArray() as ArrayLike<number>).map((x) => (v.dtype.name === 'bool' ? x === 1 : x));
    return { tensor: true, dtype: v.dtype.name, shape: [...v.shape], values };
  }
  if (Array.isArray(v)) return { list: v.map(enc) };
  if (v !== null && typeof v === 'object') return { dict: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, enc(x)])) };
  return { value: v };
}

const t = (data: number[] | number, dtype?: torch.DTypeLike) => torch.tensor(data, dtype ? { dtype } : {});

// The same batches as the Python script, in JavaScript.
const cases: Record<string, unknown[]> = {
  ints: [1, 2, 3],
  floats: [0.5, 1.5, -2.25],
  bools: [true, false, true],
  strings: ['a', 'bb', 'c'],
  tuples: [[t([1, 2], 'float32'), 1], [t([3, 4], 'float32'), 2]],
  dicts: [{ x: torch.tensor([[1, 2]]), y: 0.5, name: 'p' }, { x: torch.tensor([[3, 4]]), y: 1.25, name: 'q' }],
  nested: [[1, [2.5, true]], [3, [4.5, false]]],
  uint8: [t([1, 2], 'uint8'), t([3, 250], 'uint8')],
  scalars: [t(1.5), t(-2, 'float32')],
};

describe('defaultCollate', () => {
  it.each(fx.collate)('collates $name as PyTorch', ({ name, out }) => {
    expect(enc(defaultCollate(cases[name]!))).toEqual(out);
  });

  it('stacks typed arrays like numpy arrays and keeps Maps', () => {
    const b = defaultCollate([new Float32Array([1, 2]), new Float32Array([3, 4])]);
    expect([b.shape, b.dtype.name]).toEqual([[2, 2], 'float32']);
    const m = defaultCollate([new Map([['a', 1]]), new Map([['a', 2]])]) as unknown as Map<string, torch.Tensor>;
    expect(Array.from(m.get('a')!.toTypedArray())).toEqual([1, 2]);
  });

  it("gives PyTorch's errors", () => {
    expect(() => defaultCollate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size');
    expect(() => defaultCollate([null, null])).toThrow('default_collate: batch must contain tensors');
    expect(() => defaultCollate([new RawImage(new Uint8Array(1), 1, 1)])).toThrow('found RawImage');
  });

  it('defaultConvert turns typed arrays into tensors and leaves the rest', () => {
    const out = defaultConvert({ a: new Uint8Array([1, 2]), b: 'x', c: [3] }) as { a: torch.Tensor; b: string; c: number[] };
    expect(out.a.dtype.name).toBe('uint8');
    expect(out.b).toBe('x');
    expect(out.c).toEqual([3]);
  });
});
