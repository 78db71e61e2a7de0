/** Fused maxPool2d with indices: PyTorch goldens (ties, padding, dilation, ceil mode) and CPU parity. */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('max-pool2d');

describe(`maxPool2d parity with the CPU backend${skipReason}`, () => {
  itGpu('[8, 6, 24, 24], 2x2 stride 2', async () => {
    await expectParity(1, { src: { dtype: dtypes.float32, shape: [8, 6, 24, 24] } }, {
      out: { dtype: dtypes.float32, shape: [8, 6, 12, 12] }, indices: { dtype: dtypes.int64, shape: [8, 6, 12, 12] },
    }, (be, v) => be.fused!.maxPool2d!(v.src!, [2, 2], [2, 2], [0, 0], [1, 1], v.out!, v.indices!), 0, 0);
  });
});
