// Casts and reads against PyTorch 1.13 goldens (fixtures/gen_conversion.py): `to(dtype)` between
// every pair of dtypes, item()/tolist()/type(); plus to()'s argument forms, copy_ and fill_.
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { decode, expectTensor, fromSpec, loadFixture, type JsonNumber, type TensorSpec } from '../fixtures/golden.js';

interface Fixture {
  inputs: Record<string, TensorSpec>;
  casts: { from: string; to: torch.DTypeName; out: TensorSpec }[];
  items: { dtype: torch.DTypeName; value: TensorSpec; item: JsonNumber; tolist: unknown; type: string; elementSize: number }[];
}
const fx = loadFixture<Fixture>('conversion.json');

describe('to(dtype) matches PyTorch for every pair of dtypes', () => {
  for (const c of fx.casts) {
    it(`${c.from} -> ${c.to}`, () => {
      const x = fromSpec(fx.inputs[c.from]!);
      expectTensor(x.to(c.to), c.out);
      expectTensor(x.to(torch.dtypes[c.to]), c.out);
      expectTensor(x.to({ dtype: c.to }), c.out);
    });
  }
});

describe('reading values matches PyTorch', () => {
  for (const c of fx.items) {
    it(`${c.dtype}: item, tolist, type, elementSize`, () => {
      const x = fromSpec(c.value);
      const item = x.index(1, 0).item();
      expect(item).toEqual(c.dtype === 'bool' ? decode(c.item) === 1 : decode(c.item));
      expect(x.tolist()).toEqual(c.tolist);
      expect(x.type()).toBe(c.type);
      expect(x.elementSize()).toBe(c.elementSize);
    });
  }
  it('item() needs one element', () => {
    expect(() => torch.zeros(2).item()).toThrow('a Tensor with 2 elements cannot be converted to Scalar');
    expect(torch.zeros(1, 1).item()).toBe(0);
  });
  it('tolist() of a 0-d tensor is a number', () => {
    expect(torch.tensor(3.5).tolist()).toBe(3.5);
    expect(torch.tensor(true).tolist()).toBe(true);
  });
  it('the async forms', async () => {
    const x = torch.tensor([[1, 2]]);
    expect(await x.tolistAsync()).toEqual([[1, 2]]);
    expect(await x.index(0, 1).itemAsync()).toBe(2);
    expect(await x.toTypedArrayAsync()).toEqual(new Float64Array([1, 2]));
  });
});

describe('to(), copy_, fill_', () => {
  it('to() returns the tensor itself when nothing changes, a copy with copy: true', () => {
    const x = torch.ones(2);
    expect(x.to(torch.float32)).toBe(x);
    expect(x.to('cpu')).toBe(x);
    expect(x.to({ copy: true })).not.toBe(x);
    expect(x.to('cpu', torch.float64).dtype).toBe(torch.float64);
    expect(x.to(torch.zeros(1, { dtype: torch.int32 })).dtype).toBe(torch.int32);
  });
  it('float(), long(), ... convert', () => {
    const x = torch.tensor([1.7, -1.7]);
    expect(x.long().tolist()).toEqual([1, -1]);
    expect(x.int().dtype).toBe(torch.int32);
    expect(x.double().dtype).toBe(torch.float64);
    expect(x.half().dtype).toBe(torch.float16);
    expect(x.bfloat16().dtype).toBe(torch.bfloat16);
    expect(x.bfloat16().tolist()).toEqual([1.703125, -1.703125]);
    expect(x.bfloat16().type()).toBe('torch.BFloat16Tensor');
    expect(x.bool().tolist()).toEqual([true, true]);
    expect(x.byte().dtype).toBe(torch.uint8);
    expect(x.char().dtype).toBe(torch.int8);
    expect(x.short().dtype).toBe(torch.int16);
    expect(x.long().float().dtype).toBe(torch.float32);
    expect(x.type(torch.int64).dtype).toBe(torch.int64);
  });
  it('copy_ broadcasts and casts, and bumps the version', () => {
    const x = torch.zeros(2, 3, { dtype: torch.int32 });
    x.copy_(torch.tensor([1.9, -2.9, 3.5]));
    expect(x.tolist()).toEqual([[1, -2, 3], [1, -2, 3]]);
    expect(x.version).toBe(1);
    expect(() => torch.zeros(3).copy_(torch.zeros(2, 3))).toThrow(
      "output with shape [3] doesn't match the broadcast shape [2, 3]",
    );
  });
  it('fill_ and zero_ store the value in the dtype', () => {
    expect(torch.zeros(2, { dtype: torch.int64 }).fill_(2.9).tolist()).toEqual([2, 2]);
    expect(torch.zeros(2, { dtype: torch.bool }).fill_(3).tolist()).toEqual([true, true]);
    expect(torch.ones(2).fill_(torch.tensor(4)).tolist()).toEqual([4, 4]);
    expect(() => torch.ones(2).fill_(torch.ones(2))).toThrow(
      'fill_ only supports 0-dimension value tensor but got tensor with 1 dimensions.',
    );
    expect(torch.ones(2).zero_().tolist()).toEqual([0, 0]);
  });
  it('data shares storage but not the version counter', () => {
    const x = torch.ones(2);
    const d = x.data;
    d.add_(1);
    expect(x.tolist()).toEqual([2, 2]);
    expect(x.version).toBe(0);
  });
});
