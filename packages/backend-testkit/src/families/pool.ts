/**
 * Tests of the fused max pooling with indices, when the backend provides it.
 * @module
 */
import { dtypes } from '@torchts/core';
import { floatDtypes } from '../cases/dtypes.js';
import type { Rng } from '../cases/random.js';
import { runCase, tensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';

type Pair = [number, number];

/** Output size as PyTorch's pooling_output_shape, in floor or ceil mode. */
function pooledSize(size: number, k: number, s: number, pad: number, dil: number, ceil: boolean): number {
  const span = size + 2 * pad - dil * (k - 1) - 1;
  let out = Math.floor((span + (ceil ? s - 1 : 0)) / s) + 1;
  // In ceil mode the last window must start inside the input or its left padding.
  if (ceil && (out - 1) * s >= size + pad) out -= 1;
  return out;
}

function randomPool(rng: Rng): { kernel: Pair; stride: Pair; padding: Pair; dilation: Pair; H: number; W: number; oH: number; oW: number } {
  for (;;) {
    const kernel: Pair = [rng.int(1, 3), rng.int(1, 3)];
    const stride: Pair = [rng.int(1, 3), rng.int(1, 2)];
    const padding: Pair = [rng.int(0, Math.floor(kernel[0] / 2)), rng.int(0, Math.floor(kernel[1] / 2))];
    const dilation: Pair = [rng.int(1, 2), rng.int(1, 2)];
    const H = rng.int(1, 9), W = rng.int(1, 9), ceil = rng.chance(0.4);
    const oH = pooledSize(H, kernel[0], stride[0], padding[0], dilation[0], ceil);
    const oW = pooledSize(W, kernel[1], stride[1], padding[1], dilation[1], ceil);
    if (oH >= 1 && oW >= 1) return { kernel, stride, padding, dilation, H, W, oH, oW };
  }
}

/** Registers the maxPool2d tests. */
export function registerPool(r: Registry): void {
  r.group('maxPool2d', (r) => {
    if (!r.backend.fused?.maxPool2d) {
      r.skip('all dtypes', `not provided by ${r.backend.type} (core composes it)`);
      return;
    }
    for (const dtype of floatDtypes) {
      r.test(dtype.name, [dtype], [dtypes.int64], async ({ rng, ctx }) => {
        for (let i = 0; i < 8; i++) {
          const { kernel, stride, padding, dilation, H, W, oH, oW } = randomPool(rng);
          const N = rng.int(1, 2), C = rng.int(1, 3);
          // Few distinct values (ties), and in every other case NaN and ±inf.
          const domain = i % 2 ? { range: [-2, 2] as Pair } : { range: [-2, 2] as Pair, nan: false, inf: false };
          await runCase(ctx, {
            title: `input [${[N, C, H, W]}] kernel ${kernel} stride ${stride} padding ${padding} dilation ${dilation}`,
            inputs: { src: tensorSpec(rng, dtype, [N, C, H, W], 'contiguous', domain) },
            outputs: {
              out: tensorSpec(rng, dtype, [N, C, oH, oW], 'contiguous'),
              indices: tensorSpec(rng, dtypes.int64, [N, C, oH, oW], 'contiguous'),
            },
            run: (b, v) => b.fused!.maxPool2d!(v.src, kernel, stride, padding, dilation, v.out, v.indices),
          });
        }
      });
    }
  });
}
