/** fill: every dtype (float16 rounding, bool, int64 range), strided views; CPU parity. */
import { describe, expect } from 'vitest';
import { dtypes } from '@torchts/core';
import { webgpuBackend } from '../../src/index.js';
import { expectParity, itGpu, skipReason, viewOf } from '../helpers.js';

describe(`fill${skipReason}`, () => {
  itGpu('matches the CPU backend on strided views of every dtype', async () => {
    for (const [i, name] of (['float32', 'float16', 'int64', 'int32', 'int16', 'int8', 'uint8', 'bool'] as const).entries()) {
      await expectParity(i, {}, { out: { dtype: dtypes[name], shape: [20, 30], strides: [1, 25] } },
        (be, v) => be.fill(v.out!, dtypes[name].isFloatingPoint ? 0.1 + 300.7 * i : dtypes[name].isBool ? 1 : 13 * i - 50), 0, 0);
    }
  });
  itGpu('rejects an int64 value that does not fit the 32-bit storage', () => {
    const v = viewOf(webgpuBackend, dtypes.int64, new Float64Array(4), [4]);
    expect(() => webgpuBackend.fill(v, 2 ** 40)).toThrow(/int64.*32-bit/);
    webgpuBackend.free(v.buffer);
  });
});
