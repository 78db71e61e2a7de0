/**
 * Fused conv2d and its backward kernels: PyTorch goldens (a LeNet layer; stride, padding,
 * dilation and groups together) and CPU parity on a wider layer.
 */
import { describe } from 'vitest';
import { dtypes, type Conv2dParams } from '@torchts/core';
import { describeGoldens, expectParity, itGpu, skipReason } from '../helpers.js';

describeGoldens('conv2d');

describe(`conv2d parity with the CPU backend${skipReason}`, () => {
  const p: Conv2dParams = { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 };
  const f = dtypes.float32;
  itGpu('[4, 16, 14, 14] * [32, 16, 3, 3], forward and both gradients', async () => {
    await expectParity(1, { input: { dtype: f, shape: [4, 16, 14, 14] }, weight: { dtype: f, shape: [32, 16, 3, 3] }, bias: { dtype: f, shape: [32] } },
      { out: { dtype: f, shape: [4, 32, 14, 14] } }, (be, v) => be.fused!.conv2d!(v.input!, v.weight!, v.bias!, p, v.out!), 1e-5, 1e-4);
    await expectParity(2, { gradOut: { dtype: f, shape: [4, 32, 14, 14] }, weight: { dtype: f, shape: [32, 16, 3, 3] } },
      { gradInput: { dtype: f, shape: [4, 16, 14, 14] } },
      (be, v) => be.fused!.conv2dBackwardInput!(v.gradOut!, v.weight!, p, v.gradInput!), 1e-5, 1e-4);
    await expectParity(3, { gradOut: { dtype: f, shape: [4, 32, 14, 14] }, input: { dtype: f, shape: [4, 16, 14, 14] } },
      { gradWeight: { dtype: f, shape: [32, 16, 3, 3] } },
      (be, v) => be.fused!.conv2dBackwardWeight!(v.gradOut!, v.input!, p, v.gradWeight!), 1e-5, 1e-3);
  });
});
