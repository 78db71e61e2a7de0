/**
 * Unary kernels: PyTorch goldens (every op on special values and a transposed view) and parity
 * with the CPU backend on a large strided input.
 */
import { describe } from 'vitest';
import { dtypes, type UnaryOp } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('unary');

describe(`unary parity with the CPU backend${skipReason}`, () => {
  const ops: UnaryOp[] = ['exp', 'log1p', 'tanh', 'gelu', 'sigmoid', 'erfc', 'atan', 'round'];
  itGpu('float32 [300, 257], transposed', async () => {
    for (const [i, op] of ops.entries()) {
      await expectParity(i + 1, { src: { dtype: dtypes.float32, shape: [300, 257], strides: [1, 300], range: [-6, 6] } },
        { out: { dtype: dtypes.float32, shape: [300, 257] } }, (be, v) => be.unary(op, v.src!, v.out!), 1e-5, 1e-6);
    }
  });
  itGpu('float16 and int8 wrap-around', async () => {
    await expectParity(9, { src: { dtype: dtypes.float16, shape: [4000], range: [-12, 12] } },
      { out: { dtype: dtypes.float16, shape: [4000] } }, (be, v) => be.unary('exp', v.src!, v.out!), 1e-3, 1e-5);
    await expectParity(10, { src: { dtype: dtypes.int8, shape: [500], range: [-128, 127] } },
      { out: { dtype: dtypes.int8, shape: [500] } }, (be, v) => be.unary('neg', v.src!, v.out!));
  });
});
