// Dtypes (src/dtype.ts) against PyTorch 1.13 goldens (fixtures/gen_misc.py): names, printing,
// element sizes, flags; aliases, toDType, the default dtype.
import './setup.js';
import { afterEach, describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import * as torch from '@torchts/core';
import { loadFixture } from './fixtures/golden.js';

interface Fixture {
  dtypes: { name: torch.DTypeName; str: string; itemsize: number; isFloatingPoint: boolean; isSigned: boolean }[];
}
const fx = loadFixture<Fixture>('misc.json');

afterEach(() => torch.setDefaultDtype(torch.float32));

describe('dtypes match PyTorch', () => {
  for (const c of fx.dtypes) {
    it(c.name, () => {
      const d = torch.dtypes[c.name];
      expect(String(d)).toBe(c.str);
      expect(inspect(d)).toBe(c.str);
      expect(d.itemsize).toBe(c.itemsize);
      expect(torch.zeros(1, { dtype: d }).elementSize()).toBe(c.itemsize);
      expect(d.isFloatingPoint).toBe(c.isFloatingPoint);
      expect(d.isSigned).toBe(c.isSigned);
      expect(torch.toDType(c.name)).toBe(d);
    });
  }
});

describe('dtype names and the default dtype', () => {
  it('PyTorch aliases', () => {
    expect(torch.float).toBe(torch.float32);
    expect(torch.double).toBe(torch.float64);
    expect(torch.half).toBe(torch.float16);
    expect(torch.long).toBe(torch.int64);
    expect(torch.int).toBe(torch.int32);
    expect(torch.short).toBe(torch.int16);
    expect(torch.toDType('long')).toBe(torch.int64);
    expect(torch.toDType('double')).toBe(torch.float64);
  });
  it('unknown names are a TypeError', () => {
    expect(() => torch.toDType('complex64' as never)).toThrow("unknown dtype 'complex64'");
  });
  it('isInteger / isBool', () => {
    expect(torch.uint8.isInteger).toBe(true);
    expect(torch.bool.isInteger).toBe(false);
    expect(torch.bool.isBool).toBe(true);
  });
  it('storage arrays: int64 in Float64Array, bool in Uint8Array, float16 in Float32Array', () => {
    expect(torch.int64.ArrayType).toBe(Float64Array);
    expect(torch.bool.ArrayType).toBe(Uint8Array);
    expect(torch.float16.ArrayType).toBe(Float32Array);
    expect(torch.bfloat16.ArrayType).toBe(Float32Array);
    expect(torch.toDType('bfloat16')).toBe(torch.bfloat16);
  });
  it('setDefaultDtype changes what float factories and JS floats give', () => {
    torch.setDefaultDtype(torch.float64);
    expect(torch.getDefaultDtype()).toBe(torch.float64);
    expect(torch.tensor([1.5]).dtype).toBe(torch.float64);
    expect(torch.zeros(1).dtype).toBe(torch.float64);
    expect(torch.arange(0, 1, 0.5).dtype).toBe(torch.float64);
    expect(() => torch.setDefaultDtype(torch.int64)).toThrow('only floating-point types are supported as the default type');
  });
});
