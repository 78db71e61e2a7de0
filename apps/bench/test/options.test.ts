// `pnpm bench` flags.
import { describe, expect, it } from 'vitest';
import { parseOptions } from '../src/options.js';

describe('bench options', () => {
  it('defaults, --quick, --epoch, --no-pytorch, --out', () => {
    expect(parseOptions([])).toEqual({ quick: false, epoch: false, pytorch: true, tfjs: true, webgpu: false, cuda: false, out: 'bench-results', help: false });
    expect(parseOptions(['--webgpu']).webgpu).toBe(true);
    expect(parseOptions(['--cuda']).cuda).toBe(true);
    expect(parseOptions(['--', '--quick', '--epoch', '--no-pytorch', '--out', 'x'])).toMatchObject({ quick: true, epoch: true, pytorch: false, out: 'x' });
    expect(() => parseOptions(['--bogus'])).toThrow();
  });
});
