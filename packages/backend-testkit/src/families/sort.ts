/**
 * Tests of the stable sort, ascending and descending, with ties and NaN.
 * @module
 */
import { dtypes } from '@torchts/core';
import { allDtypes } from '../cases/dtypes.js';
import { randomShape } from '../cases/shapes.js';
import { runCase, tensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';
import { inputKind, outputKind } from './common.js';

/** Registers the sort tests. */
export function registerSort(r: Registry): void {
  r.group('sort', (r) => {
    for (const dtype of allDtypes) {
      r.test(dtype.name, [dtype], [dtypes.int64], async ({ rng, ctx }) => {
        for (let i = 0; i < 8; i++) {
          const shape = i === 7 ? [rng.int(1000, 1100)] : randomShape(rng, { minRank: 1, maxNumel: 300 });
          const dim = rng.int(0, shape.length - 1);
          const descending = i % 2 === 1;
          await runCase(ctx, {
            title: `along dim ${dim}${descending ? ', descending' : ''}`,
            // Few distinct values, so that stability is tested.
            inputs: { src: tensorSpec(rng, dtype, shape, inputKind(i, rng), { intRange: [-5, 5], range: [-3, 3] }) },
            outputs: {
              values: tensorSpec(rng, dtype, shape, outputKind(i, rng)),
              indices: tensorSpec(rng, dtypes.int64, shape, outputKind(i + 1, rng)),
            },
            run: (b, v) => b.sort(v.src, dim, descending, v.values, v.indices),
          });
        }
      });
    }
  });
}
