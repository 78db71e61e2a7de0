import { afterEach, describe, expect, it } from 'vitest';
import { dtypes, float32, float64, setDefaultDtype, type DTypeName } from '../../src/dtype.js';
import { formatTensor, type PrintableTensor } from '../../src/printing/format-tensor.js';
import { getPrintOptions, setPrintOptions } from '../../src/printing/print-options.js';
import { caseValues, fixtures, type PrintingCase } from './load-fixtures.js';

function toPrintable(c: PrintingCase, asTypedArray: boolean): PrintableTensor {
  const dtype = dtypes[c.dtype as DTypeName];
  const values = caseValues(c);
  return {
    shape: c.shape,
    dtype,
    values: asTypedArray ? new dtype.ArrayType(values) : values,
    device: c.device,
    requiresGrad: c.requiresGrad,
    gradFnName: c.gradFnName ?? null,
    isParameter: c.isParameter,
  };
}

function withCaseOptions<T>(c: PrintingCase, f: () => T): T {
  setPrintOptions({ profile: 'default' });
  if (c.options) setPrintOptions(c.options);
  if (c.defaultDtype) setDefaultDtype(c.defaultDtype as DTypeName);
  try {
    return f();
  } finally {
    setPrintOptions({ profile: 'default' });
    setDefaultDtype(float32);
  }
}

afterEach(() => {
  setPrintOptions({ profile: 'default' });
  setDefaultDtype(float32);
});

describe(`formatTensor matches PyTorch ${fixtures.torch} str(t)`, () => {
  it.each(fixtures.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(withCaseOptions(c, () => formatTensor(toPrintable(c, true)))).toBe(c.expected);
    // The same from plain JS numbers (float32 values are rounded to float32 inside).
    expect(withCaseOptions(c, () => formatTensor(toPrintable(c, false)))).toBe(c.expected);
  });
});

describe('formatTensor', () => {
  const byName = (name: string): PrintingCase => fixtures.cases.find((c) => c.name === name)!;

  it('formats float32 values as float32 even when given as doubles', () => {
    // PyTorch printed torch.tensor([0.1, 1e-7]) with precision 10: the float32 digits show.
    const c = byName('prec 10 sci');
    const t: PrintableTensor = { shape: [2], dtype: float32, values: [0.1, 1e-7], device: 'cpu' };
    setPrintOptions({ precision: 10 });
    expect(formatTensor(t)).toBe(c.expected);
    expect(c.expected).toContain('1.0000000149e-01');
    // float64 keeps the double.
    expect(formatTensor({ ...t, dtype: float64 })).toContain('1.0000000000e-01');
  });

  it('takes options as an argument, leaving the global ones alone', () => {
    const t: PrintableTensor = { shape: [2], dtype: float32, values: [1 / 3, 2], device: 'cpu' };
    const opts = { ...getPrintOptions(), precision: 2 };
    expect(formatTensor(t, opts)).toBe('tensor([0.33, 2.00])');
    expect(formatTensor(t)).toBe('tensor([0.3333, 2.0000])');
  });

  it('reads only the shown elements of a summarised tensor', () => {
    // PyTorch printed torch.arange(2000.); an outlier among the hidden elements changes nothing.
    const values = new Float32Array(2000).map((_, i) => i);
    values[1000] = 1e30;
    values[1001] = NaN;
    const t: PrintableTensor = { shape: [2000], dtype: float32, values, device: 'cpu' };
    expect(formatTensor(t)).toBe(byName('sum 1d f32').expected);
  });
});
