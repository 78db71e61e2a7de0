/** copy: PyTorch goldens (casts to every dtype, float16 rounding, strided views) and CPU parity. */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('copy');

describe(`copy parity with the CPU backend${skipReason}`, () => {
  itGpu('a permuted float32 view into float16, int32 into a strided bool', async () => {
    await expectParity(1, { src: { dtype: dtypes.float32, shape: [30, 40, 50], strides: [1, 30, 1200], range: [-70000, 70000] } },
      { out: { dtype: dtypes.float16, shape: [30, 40, 50] } }, (be, v) => be.copy(v.src!, v.out!), 1e-3, 0);
    await expectParity(2, { src: { dtype: dtypes.int32, shape: [100, 30], range: [-2, 2] } },
      { out: { dtype: dtypes.bool, shape: [100, 30], strides: [60, 2] } }, (be, v) => be.copy(v.src!, v.out!));
  });
  itGpu('overlapping source and destination in one buffer (memmove)', async () => {
    await expectParity(3, { }, { buf: { dtype: dtypes.float32, shape: [100] } }, (be, v) => {
      const b = v.buf!;
      be.copy({ ...b, shape: [90], offset: 0 }, { ...b, shape: [90], offset: 10 });
      be.copy({ ...b, shape: [50], offset: 3 }, { ...b, shape: [50], offset: 3 }); // onto itself
    });
  });
});
