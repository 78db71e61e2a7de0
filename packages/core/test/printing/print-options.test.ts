import { afterEach, describe, expect, it } from 'vitest';
import { getPrintOptions, setPrintOptions } from '../../src/printing/print-options.js';

afterEach(() => setPrintOptions({ profile: 'default' }));

describe('setPrintOptions', () => {
  it('starts from PyTorch defaults', () => {
    expect(getPrintOptions()).toEqual({ precision: 4, threshold: 1000, edgeitems: 3, linewidth: 80, sciMode: null });
  });

  it('applies the profiles, then the options given', () => {
    setPrintOptions({ profile: 'short' });
    expect(getPrintOptions()).toEqual({ precision: 2, threshold: 1000, edgeitems: 2, linewidth: 80, sciMode: null });
    setPrintOptions({ profile: 'full', precision: 6 });
    expect(getPrintOptions()).toEqual({ precision: 6, threshold: Infinity, edgeitems: 3, linewidth: 80, sciMode: null });
    setPrintOptions({ profile: 'default' });
    expect(getPrintOptions().threshold).toBe(1000);
  });

  it('keeps options not given, but resets sciMode as PyTorch does', () => {
    setPrintOptions({ linewidth: 120, edgeitems: 1, threshold: 10, sciMode: true });
    expect(getPrintOptions()).toEqual({ precision: 4, threshold: 10, edgeitems: 1, linewidth: 120, sciMode: true });
    setPrintOptions({ precision: 3 });
    expect(getPrintOptions()).toEqual({ precision: 3, threshold: 10, edgeitems: 1, linewidth: 120, sciMode: null });
  });

  it('returns a copy', () => {
    const o = getPrintOptions();
    o.precision = 9;
    expect(getPrintOptions().precision).toBe(4);
  });
});
