/**
 * gather, scatter, scatterAdd (atomics, repeated indices), indexSelect: PyTorch goldens, CPU
 * parity, and the error an out-of-range index raises at the next read.
 */
import { describe, expect } from 'vitest';
import { dtypes } from '@torchts/core';
import { webgpuBackend as be } from '../../src/index.js';
import { describeGoldens, emptyView, expectParity, itGpu, skipReason, viewOf } from '../helpers.js';

describeGoldens('gather-scatter');

describe(`gather-scatter${skipReason}`, () => {
  itGpu('scatterAdd of float16 and uint8 matches the CPU backend', async () => {
    for (const [i, dt] of [dtypes.float16, dtypes.uint8, dtypes.bool].entries()) {
      await expectParity(i, {
        index: { dtype: dtypes.int64, shape: [30, 8], range: [0, 5] },
        src: { dtype: dt, shape: [30, 8], range: [0, 200] },
      }, { out: { dtype: dt, shape: [30, 6], range: [0, 3] } }, (b, v) => b.scatterAdd(v.out!, 1, v.index!, v.src!),
      dt === dtypes.float16 ? 1e-2 : 0, 0.1);
    }
  });
  itGpu('an index out of range raises at the next read', async () => {
    const src = viewOf(be, dtypes.float32, new Float32Array([1, 2, 3]), [3]);
    const index = viewOf(be, dtypes.int64, new Float64Array([0, 5]), [2]);
    const out = emptyView(be, dtypes.float32, [2]);
    be.gather(src, 0, index, out);
    await expect(be.readAsync(out)).rejects.toThrow('index 5 is out of bounds for dimension 0 with size 3');
    be.indexSelect(src, 0, index, out);
    await expect(be.readAsync(out)).rejects.toThrow('index out of range in self');
    // The error is reported once.
    be.gather(src, 0, viewOf(be, dtypes.int64, new Float64Array([2, 0]), [2]), out);
    expect(Array.from(await be.readAsync(out))).toEqual([3, 1]);
  });
});
