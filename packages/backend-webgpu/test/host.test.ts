/** Host-side conversions: half rounding (values from PyTorch 1.13), int64 range checks, array types. */
import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { fromGpuWords, int64Overflow, roundHalf, toGpuWords } from '../src/host.js';

describe('roundHalf', () => {
  it('rounds as torch.tensor(v).to(torch.float16) does', () => {
    // /usr/bin/python3: torch.tensor(v, dtype=torch.float64).to(torch.float32).to(torch.float16).item()
    const cases: [number, number][] = [
      [0.1, 0.0999755859375], [65519, 65504], [65520, Infinity], [6e-8, 5.960464477539063e-8],
      [3e-8, 5.960464477539063e-8], [2.9802322387695312e-8, 0], [1.00048828125, 1], [1.00146484375, 1.001953125],
      [-1e-5, -1.0013580322265625e-5], [1e5, Infinity],
    ];
    for (const [v, want] of cases) expect(roundHalf(v)).toBe(want);
    expect(roundHalf(NaN)).toBeNaN();
  });
});

describe('toGpuWords / fromGpuWords', () => {
  it('checks that int64 values fit 32 bits', () => {
    expect(Array.from(toGpuWords(dtypes.int64, new Float64Array([-2147483648, 2147483647])))).toEqual([-2147483648, 2147483647]);
    expect(() => toGpuWords(dtypes.int64, new Float64Array([2147483648]))).toThrow(int64Overflow(2147483648).message);
  });
  it('widens bool and uint8, rounds float16', () => {
    expect(Array.from(toGpuWords(dtypes.bool, new Uint8Array([0, 1, 2])))).toEqual([0, 1, 1]);
    expect(Array.from(toGpuWords(dtypes.uint8, new Uint8Array([255])))).toEqual([255]);
    expect(Array.from(toGpuWords(dtypes.float16, new Float32Array([0.1])))).toEqual([0.0999755859375]);
  });
  it('returns each dtype\'s CPU array', () => {
    const bytes = new Int32Array([-1, 2, 300]).buffer;
    expect(fromGpuWords(dtypes.int64, bytes, 3)).toEqual(new Float64Array([-1, 2, 300]));
    expect(fromGpuWords(dtypes.int8, bytes, 2)).toEqual(new Int8Array([-1, 2]));
    expect(fromGpuWords(dtypes.bool, new Int32Array([0, 1]).buffer, 2)).toEqual(new Uint8Array([0, 1]));
    expect(fromGpuWords(dtypes.float32, new Float32Array([1.5]).buffer, 1)).toEqual(new Float32Array([1.5]));
  });
});
