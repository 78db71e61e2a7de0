// The table's ratios and cells.
import { describe, expect, it } from 'vitest';
import { formatTable, formatValue, ratio, tableLines, type Column } from '../src/table.js';

describe('bench table', () => {
  it('ratios are torchts / peer, inverted for smaller-is-better units', () => {
    expect(ratio('higher', 50, 200)).toBe(0.25);
    expect(ratio('lower', 10, 40)).toBe(4);
    expect(ratio('none', 80, 84)).toBeNull();
    expect(ratio('higher', null, 3)).toBeNull();
    expect(ratio('lower', 0, 3)).toBeNull();
  });

  it('formats three significant digits', () => {
    expect([formatValue(1234.5), formatValue(12.345), formatValue(1.2345), formatValue(0.012345)]).toEqual(['1235', '12.3', '1.23', '0.012']);
  });

  it('lines up rows by name, marks missing and estimated values', () => {
    const columns: Column[] = [
      { label: 'torchts cpu', short: 'torchts-cpu', role: 'torchts', rows: [
        { workload: 'W1 matmul 256', unit: 'GFLOP/s', better: 'higher', value: 20 },
        { workload: 'W5 epoch b64 time', unit: 's', better: 'lower', value: 10 },
      ] },
      { label: 'pytorch', short: 'pytorch-2t', role: 'peer', rows: [{ workload: 'W1 matmul 256', unit: 'GFLOP/s', better: 'higher', value: 200 }] },
      { label: 'tfjs cpu', short: 'tfjs-cpu', role: 'peer', rows: [
        { workload: 'W1 matmul 256', unit: 'GFLOP/s', better: 'higher', value: null, note: 'x' },
        { workload: 'W5 epoch b64 time', unit: 's', better: 'lower', value: 3000, estimated: true },
      ] },
    ];
    expect(tableLines(columns)).toEqual([
      ['workload', 'unit', 'torchts-cpu', 'pytorch-2t', 'tfjs-cpu', 'cpu÷pytorch-2t', 'cpu÷tfjs-cpu'],
      ['W1 matmul 256', 'GFLOP/s', '20.0', '200', 'n/a', '0.10x', '-'],
      ['W5 epoch b64 time', 's', '10.0', '-', '~3000', '-', '~300x'],
    ]);
    expect(formatTable(columns).split('\n')).toHaveLength(3);
  });
});
