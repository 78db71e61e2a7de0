/**
 * Tests of the fused random fill (`random`), when the backend provides it: uniform, normal and
 * bernoulli on contiguous views (with offsets), seeds using both 32-bit halves, offsets past
 * 2^32 words, against core's Philox recipe (`philoxFill`) on the reference backend.
 * @module
 */
import type { DType, RandomKind } from '@torchts/core';
import { allDtypes, floatDtypes } from '../cases/dtypes.js';
import type { Rng } from '../cases/random.js';
import { randomShape } from '../cases/shapes.js';
import { runCase, tensorSpec, type Case } from '../harness.js';
import type { Registry } from '../registry.js';

/** The random cases of `kind` in `dtype` (exported for the testkit's own tests). */
export function randomCases(rng: Rng, kind: RandomKind, dtype: DType): Case[] {
  const cases: Case[] = [];
  for (const shape of [[1], [5], [1037], randomShape(rng, { minRank: 0, maxNumel: 300 })]) {
    const seed = (BigInt(rng.int(0, 0xffffffff)) << 32n) | BigInt(rng.int(0, 0xffffffff));
    const offset = 4 * rng.pick([0, 1, rng.int(2, 1000), 2 ** 33 + rng.int(0, 99)]);
    const [a, b] = kind === 'uniform' ? [rng.uniform(-3, 0), rng.uniform(0.5, 3)]
      : kind === 'normal' ? [rng.uniform(-2, 2), rng.uniform(0.1, 3)] : [rng.uniform(0, 1), 0];
    cases.push({
      title: `random ${kind} seed ${seed} offset ${offset} a ${a} b ${b}`,
      inputs: {},
      outputs: { out: tensorSpec(rng, dtype, shape, rng.chance(0.5) ? 'offset' : 'contiguous') },
      // Normal values go through log/sin/cos: a few ulps, compared like a 4-term accumulation.
      checks: kind === 'normal' ? { out: { terms: 4, scale: 'expected+1' } } : undefined,
      run: (be, v) => be.fused!.random!(kind, v.out, seed, offset, a, b),
    });
  }
  return cases;
}

/** Registers the random fill tests. */
export function registerRandom(r: Registry): void {
  r.group('random', (r) => {
    if (!r.backend.fused?.random) {
      r.skip('all kinds', `not provided by ${r.backend.type} (core draws on the host)`);
      return;
    }
    for (const kind of ['uniform', 'normal', 'bernoulli'] as const) {
      r.group(kind, (r) => {
        for (const dtype of kind === 'bernoulli' ? allDtypes : floatDtypes) {
          r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
            for (const c of randomCases(rng, kind, dtype)) await runCase(ctx, c);
          });
        }
      });
    }
  });
}
