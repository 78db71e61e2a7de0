/**
 * Tests of the fused softmax and log-softmax, when the backend provides them.
 * @module
 */
import { floatDtypes } from '../cases/dtypes.js';
import { randomShape } from '../cases/shapes.js';
import { runCase, tensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';

/** Registers the softmax tests (last dim, contiguous). */
export function registerSoftmax(r: Registry): void {
  for (const log of [false, true]) {
    const name = log ? 'logSoftmax' : 'softmax';
    r.group(name, (r) => {
      if (!r.backend.fused?.softmax) {
        r.skip('all dtypes', `not provided by ${r.backend.type} (core composes it)`);
        return;
      }
      for (const dtype of floatDtypes) {
        r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
          for (let i = 0; i < 7; i++) {
            const shape = i === 6 ? [3, rng.int(1000, 1100)] : randomShape(rng, { minRank: 1, maxNumel: 300 });
            if (shape[shape.length - 1] === 0) shape[shape.length - 1] = 5;
            // Mostly finite rows; every third case has -inf (masks), +inf and NaN, as PyTorch defines them.
            const domain = i % 3 === 2 ? { range: [-6, 6] as [number, number] } : { range: [-12, 12] as [number, number], nan: false, inf: false };
            await runCase(ctx, {
              inputs: { src: tensorSpec(rng, dtype, shape, 'contiguous', domain) },
              outputs: { out: tensorSpec(rng, dtype, shape, 'contiguous') },
              checks: { out: { terms: shape[shape.length - 1], scale: 'expected+1' } },
              run: (b, v) => b.fused!.softmax!(v.src, log, v.out),
            });
          }
        });
      }
    });
  }
}
