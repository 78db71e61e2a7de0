/**
 * Tests of cumulative sum and product.
 * @module
 */
import { allDtypes } from '../cases/dtypes.js';
import { randomShape } from '../cases/shapes.js';
import { runCase, tensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';
import { accumulateDtype, inputKind, outputKind, productFloats, productInts } from './common.js';

/** Registers the cumulative tests: sum and product of every dtype into its accumulate dtype. */
export function registerCumulative(r: Registry): void {
  r.group('cumulative', (r) => {
    for (const op of ['sum', 'prod'] as const) {
      r.group(op, (r) => {
        for (const dtype of allDtypes) {
          const outDtype = accumulateDtype(dtype);
          r.test(dtype.name, [dtype], [outDtype], async ({ rng, ctx }) => {
            const domain = op === 'sum' ? undefined
              : dtype.isFloatingPoint ? { choices: productFloats(rng) } : productInts(dtype);
            for (let i = 0; i < 8; i++) {
              const shape = i === 7 ? [rng.int(1000, 1100)] : randomShape(rng, { minRank: 1, maxNumel: 300 });
              const dim = rng.int(0, shape.length - 1);
              await runCase(ctx, {
                title: `cum${op} along dim ${dim}`,
                inputs: { src: tensorSpec(rng, dtype, shape, inputKind(i, rng), domain) },
                outputs: { out: tensorSpec(rng, outDtype, shape, outputKind(i, rng)) },
                checks: { out: { terms: shape[dim], scale: op === 'sum' ? 'abs' : 'expected' } },
                run: (b, v) => b.cumulative(op, v.src, dim, v.out),
              });
            }
          });
        }
      });
    }
  });
}
