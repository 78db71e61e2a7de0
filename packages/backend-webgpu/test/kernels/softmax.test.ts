/** Fused softmax / log-softmax: PyTorch goldens (rows of 1000; -inf, inf, NaN rows) and CPU parity. */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('softmax');

describe(`softmax parity with the CPU backend${skipReason}`, () => {
  itGpu('[3, 20000] and [2000, 10]', async () => {
    for (const [i, shape] of [[3, 20000], [2000, 10]].entries()) {
      for (const log of [false, true]) {
        await expectParity(i * 2 + Number(log), { src: { dtype: dtypes.float32, shape, range: [-10, 10] } },
          { out: { dtype: dtypes.float32, shape } }, (be, v) => be.fused!.softmax!(v.src!, log, v.out!), 1e-5, 1e-6);
      }
    }
  });
});
