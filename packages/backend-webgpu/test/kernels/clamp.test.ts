/** clamp: PyTorch goldens (in binary.json: NaN inputs, one bound, min > max) and CPU parity. */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('binary', (c) => c.kernel === 'clamp');

describe(`clamp parity with the CPU backend${skipReason}`, () => {
  itGpu('int32 and float16', async () => {
    await expectParity(1, { src: { dtype: dtypes.int32, shape: [1000], range: [-50, 50] } },
      { out: { dtype: dtypes.int32, shape: [1000] } }, (be, v) => be.clamp(v.src!, -7, 20, v.out!));
    await expectParity(2, { src: { dtype: dtypes.float16, shape: [1000], range: [-3, 3] } },
      { out: { dtype: dtypes.float16, shape: [1000] } }, (be, v) => be.clamp(v.src!, null, 0.1, v.out!), 1e-3, 1e-5);
  });
});
