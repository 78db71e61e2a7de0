import { describe, expect, it } from 'vitest';
import { formatSize, formatSizeTuple } from '../../src/printing/format-size.js';
import { fixtures } from './load-fixtures.js';

describe('formatSize', () => {
  it.each(fixtures.cases.map((c) => [c.size, c.shape] as const))('%s', (expected, shape) => {
    expect(formatSize(shape)).toBe(expected);
  });
});

describe('formatSizeTuple', () => {
  it('prints Python tuples', () => {
    expect(formatSizeTuple([])).toBe('()');
    expect(formatSizeTuple([4])).toBe('(4,)');
    expect(formatSizeTuple([0, 3])).toBe('(0, 3)');
  });
});
