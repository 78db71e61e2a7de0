/** where: PyTorch golden (in binary.json, broadcast condition and operands) and CPU parity. */
import { describe } from 'vitest';
import { dtypes } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('binary', (c) => c.kernel === 'where');

describe(`where parity with the CPU backend${skipReason}`, () => {
  itGpu('int64 with a transposed condition', async () => {
    await expectParity(1, {
      cond: { dtype: dtypes.bool, shape: [64, 80], strides: [1, 64] },
      a: { dtype: dtypes.int64, shape: [64, 80], range: [-1000, 1000] },
      b: { dtype: dtypes.int64, shape: [64, 80], strides: [0, 0], range: [-5, 5] },
    }, { out: { dtype: dtypes.int64, shape: [64, 80] } }, (be, v) => be.where(v.cond!, v.a!, v.b!, v.out!));
  });
});
