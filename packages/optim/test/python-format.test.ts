import './setup.js';
import { describe, expect, it } from 'vitest';
import { zeros } from '@torchts/core';
import { pyExp4, pyFloatRepr, pyRepr, typeName } from '../src/python-format.js';

// Expected strings are Python 3's own: repr(x) and '{:.4e}'.format(x).
describe('python-format', () => {
  it("formats floats as Python's repr", () => {
    const cases: [number, string][] = [
      [1e-8, '1e-08'], [0.0001, '0.0001'], [1e-5, '1e-05'], [1.0, '1.0'], [1e16, '1e+16'],
      [1234567890123456.0, '1234567890123456.0'], [0.1, '0.1'], [-2.5, '-2.5'], [1.5e-10, '1.5e-10'],
      [123.456, '123.456'], [1e22, '1e+22'], [0.30000000000000004, '0.30000000000000004'], [-0, '-0.0'],
    ];
    for (const [x, s] of cases) expect(pyFloatRepr(x)).toBe(s);
  });

  it("formats values as Python's repr (ints, bools, None, tuples, strings)", () => {
    expect(pyRepr(0)).toBe('0');
    expect(pyRepr(1, true)).toBe('1.0');
    expect(pyRepr(true)).toBe('True');
    expect(pyRepr(null)).toBe('None');
    expect(pyRepr([0.9, 0.999])).toBe('(0.9, 0.999)');
    expect(pyRepr('cos')).toBe("'cos'");
  });

  it("formats '{:.4e}' as Python", () => {
    expect([0.1, 0.0123456, 1234.5, 1e-10].map(pyExp4)).toEqual(['1.0000e-01', '1.2346e-02', '1.2345e+03', '1.0000e-10']);
  });

  it("names types as torch.typename", () => {
    expect(typeName(zeros(1))).toBe('torch.FloatTensor');
    expect([1, 1.5, 'a', true, null, [], {}].map(typeName)).toEqual(['int', 'float', 'str', 'bool', 'NoneType', 'list', 'dict']);
  });
});
