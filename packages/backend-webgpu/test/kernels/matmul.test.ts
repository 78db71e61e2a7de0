/**
 * matmul: PyTorch goldens (sizes across the 64-wide tiles, transposed operands, batch broadcast,
 * int32) and CPU parity on a larger batched product.
 */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('matmul');

describe(`matmul parity with the CPU backend${skipReason}`, () => {
  itGpu('[5, 97, 200] @ [200, 130] (b broadcast over the batch)', async () => {
    await expectParity(1, {
      a: { dtype: dtypes.float32, shape: [5, 97, 200] },
      b: { dtype: dtypes.float32, shape: [5, 200, 130], strides: [0, 130, 1] },
    }, { out: { dtype: dtypes.float32, shape: [5, 97, 130] } }, (be, v) => be.matmul(v.a!, v.b!, v.out!), 1e-5, 1e-4);
  });
  itGpu('float16 accumulates in float32', async () => {
    await expectParity(2, {
      a: { dtype: dtypes.float16, shape: [40, 70] },
      b: { dtype: dtypes.float16, shape: [70, 33] },
    }, { out: { dtype: dtypes.float16, shape: [40, 33] } }, (be, v) => be.matmul(v.a!, v.b!, v.out!), 2e-3, 1e-2);
  });
});
