/** sort: PyTorch goldens (stable, ties, NaN last, descending, transposed, int32) and CPU parity. */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('sort');

describe(`sort parity with the CPU backend${skipReason}`, () => {
  itGpu('one long line and many short ones', async () => {
    for (const [i, shape] of [[1, 5000], [2000, 5]].entries()) {
      await expectParity(i, { src: { dtype: dtypes.float32, shape, range: [-3, 3] } }, {
        values: { dtype: dtypes.float32, shape }, indices: { dtype: dtypes.int64, shape },
      }, (be, v) => be.sort(v.src!, 1, i === 1, v.values!, v.indices!), 0, 0);
    }
  });
});
