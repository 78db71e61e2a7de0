/** cumsum / cumprod: PyTorch goldens (long lines, int32 into int64) and CPU parity. */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('cumulative');

describe(`cumulative parity with the CPU backend${skipReason}`, () => {
  itGpu('along a non-innermost dim of a permuted view', async () => {
    await expectParity(1, { src: { dtype: dtypes.float32, shape: [40, 50, 6], strides: [1, 240, 40] } },
      { out: { dtype: dtypes.float32, shape: [40, 50, 6] } }, (be, v) => be.cumulative('sum', v.src!, 1, v.out!), 1e-5, 1e-4);
  });
});
