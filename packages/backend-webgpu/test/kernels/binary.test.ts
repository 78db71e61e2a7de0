/**
 * Binary, clamp and where kernels: PyTorch goldens (every op over a table of special values,
 * broadcast through 0 strides; int32 division semantics and wrap-around) and parity with the
 * CPU backend on large broadcast inputs.
 */
import { describe } from 'vitest';
import { dtypes, type BinaryOp } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('binary');

describe(`binary parity with the CPU backend${skipReason}`, () => {
  itGpu('float32 [200, 300] with a broadcast row', async () => {
    const ops: BinaryOp[] = ['add', 'mul', 'div', 'pow', 'remainder', 'atan2', 'lt'];
    for (const [i, op] of ops.entries()) {
      const out = op === 'lt' ? dtypes.bool : dtypes.float32;
      await expectParity(i + 1, {
        a: { dtype: dtypes.float32, shape: [200, 300], range: [0.5, 4] },
        b: { dtype: dtypes.float32, shape: [200, 300], strides: [0, 1], range: [-3, 3] },
      }, { out: { dtype: out, shape: [200, 300] } }, (be, v) => be.binary(op, v.a!, v.b!, v.out!), 1e-5, 1e-6);
    }
  });
  itGpu('uint8 and int16 wrap like C', async () => {
    for (const dt of [dtypes.uint8, dtypes.int16]) {
      await expectParity(3, {
        a: { dtype: dt, shape: [50, 40], range: [0, 255] },
        b: { dtype: dt, shape: [50, 40], range: [0, 255] },
      }, { out: { dtype: dt, shape: [50, 40] } }, (be, v) => be.binary('mul', v.a!, v.b!, v.out!));
    }
  });
});
