/**
 * Reductions: PyTorch goldens (sum/max/min/argmax over each dim and all, tree reductions past
 * 4096, ties, NaN, int and bool inputs, permuted 4-d views) and CPU parity.
 */
import { describe } from 'vitest';
import { dtypes, type ReduceOp } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('reduce');

describe(`reduce parity with the CPU backend${skipReason}`, () => {
  itGpu('float32 [64, 9000] and [9000, 64], both dims', async () => {
    const ops: ReduceOp[] = ['sum', 'max', 'argmin'];
    let seed = 1;
    for (const shape of [[64, 9000], [9000, 64]]) {
      for (const op of ops) {
        for (const dim of [0, 1]) {
          const outShape = shape.map((s, d) => (d === dim ? 1 : s));
          await expectParity(seed++, { src: { dtype: dtypes.float32, shape } },
            { out: { dtype: op === 'argmin' ? dtypes.int64 : dtypes.float32, shape: outShape } },
            (be, v) => be.reduce(op, v.src!, [dim], v.out!), 1e-5, 1e-3);
        }
      }
    }
  });
  itGpu('very long reductions in two passes: sum, argmax, all of [3, 100000]', async () => {
    for (const [i, op] of (['sum', 'argmax', 'max'] as ReduceOp[]).entries()) {
      await expectParity(20 + i, { src: { dtype: dtypes.float32, shape: [3, 100000] } },
        { out: { dtype: op === 'argmax' ? dtypes.int64 : dtypes.float32, shape: [3, 1] } },
        (be, v) => be.reduce(op, v.src!, [1], v.out!), 1e-5, 2e-3);
    }
    await expectParity(30, { src: { dtype: dtypes.bool, shape: [100000], range: [0, 1] } },
      { out: { dtype: dtypes.bool, shape: [1] } }, (be, v) => be.reduce('any', v.src!, [0], v.out!));
  });
});
