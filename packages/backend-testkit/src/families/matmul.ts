/**
 * Tests of batched matmul: plain, batched, broadcast batch, non-contiguous, empty, and sizes
 * on both sides of typical block sizes (8, 16, 32, 64, 128).
 * @module
 */
import type { Domain } from '../cases/data.js';
import { numericDtypes } from '../cases/dtypes.js';
import { makeLayout, type LayoutKind } from '../cases/layouts.js';
import { randomStorage } from '../cases/data.js';
import type { Rng } from '../cases/random.js';
import { runCase, tensorSpec, type TensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';
import type { DType } from '@torchts/core';
import { inputKind, outputKind } from './common.js';

/** [batch, M, K, N] of each case. */
const sizes: readonly [number[], number, number, number][] = [
  [[], 1, 1, 1], [[], 3, 4, 5], [[], 0, 3, 4], [[], 3, 0, 4], [[2], 2, 3, 0],
  [[], 1, 129, 1], [[], 7, 1, 9], [[], 17, 33, 9], [[], 31, 16, 33], [[], 65, 64, 63],
  [[3], 5, 7, 6], [[2, 3], 4, 5, 3], [[4], 9, 17, 8], [[2], 1, 130, 3],
];

/**
 * An operand of shape [...batch, rows, cols]; with `broadcastBatch` its batch dims have stride 0
 * (as core passes a batch-broadcast operand), else any layout.
 */
function operand(rng: Rng, dtype: DType, batch: number[], rows: number, cols: number, kind: LayoutKind,
  broadcastBatch: boolean, domain: Domain): TensorSpec {
  if (!broadcastBatch) return tensorSpec(rng, dtype, [...batch, rows, cols], kind, domain);
  const inner = makeLayout(rng, [rows, cols], kind);
  const layout = {
    ...inner,
    shape: [...batch, rows, cols],
    strides: [...batch.map(() => 0), ...inner.strides],
  };
  return { dtype, layout, storage: randomStorage(rng, dtype, inner.storageSize, domain) };
}

/** Registers the matmul tests. */
export function registerMatmul(r: Registry): void {
  r.group('matmul', (r) => {
    for (const dtype of numericDtypes) {
      r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
        for (const [i, [batch, M, K, N]] of sizes.entries()) {
          // The NaN/inf case checks that no zero is skipped (0 * inf is NaN), the others are finite.
          const domain: Domain = i === 1 ? {} : { nan: false, inf: false, range: [-2, 2] };
          const bcA = batch.length > 0 && i % 3 === 0, bcB = batch.length > 0 && i % 3 === 1;
          await runCase(ctx, {
            title: `[${batch}] ${M}x${K} @ ${K}x${N}${bcA ? ', a batch-broadcast' : ''}${bcB ? ', b batch-broadcast' : ''}`,
            inputs: {
              a: operand(rng, dtype, batch, M, K, inputKind(i, rng), bcA, domain),
              b: operand(rng, dtype, batch, K, N, inputKind(i + 2, rng), bcB, domain),
            },
            outputs: { out: tensorSpec(rng, dtype, [...batch, M, N], outputKind(i, rng)) },
            checks: { out: { terms: K, scale: 'abs' } },
            run: (b, v) => b.matmul(v.a, v.b, v.out),
          });
        }
      });
    }
  });
}
