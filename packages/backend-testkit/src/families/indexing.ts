/**
 * Tests of gather, scatter, scatterAdd and indexSelect.
 * @module
 */
import { dtypes } from '@torchts/core';
import { allDtypes } from '../cases/dtypes.js';
import { makeLayout, type LayoutKind } from '../cases/layouts.js';
import { randomStorage } from '../cases/data.js';
import type { Rng } from '../cases/random.js';
import { randomShape } from '../cases/shapes.js';
import { runCase, tensorSpec, type TensorSpec } from '../harness.js';
import { indicesOf } from '../reference/storage.js';
import type { Registry } from '../registry.js';
import { inputKind, outputKind } from './common.js';

const { int64 } = dtypes;

/** An int64 index tensor whose every element is in [0, bound). */
function indexSpec(rng: Rng, shape: readonly number[], kind: LayoutKind, bound: number): TensorSpec {
  const layout = makeLayout(rng, shape, kind);
  return { dtype: int64, layout, storage: randomStorage(rng, int64, layout.storageSize, { intRange: [0, Math.max(bound - 1, 0)] }) };
}

/**
 * An index for scatter whose values along `dim` are distinct on every line, so that the result
 * does not depend on the order of writes (PyTorch leaves duplicates unspecified).
 */
function uniqueIndexSpec(rng: Rng, shape: readonly number[], kind: LayoutKind, dim: number, bound: number): TensorSpec {
  const spec = indexSpec(rng, shape, kind === 'broadcast' ? 'permuted' : kind, bound);
  const { strides, offset } = spec.layout;
  for (const idx of indicesOf(shape)) {
    if (idx[dim] !== 0) continue;
    const perm = rng.shuffle([...Array(bound).keys()]);
    for (let j = 0; j < shape[dim]; j++) {
      const pos = idx.reduce((p, x, d) => p + (d === dim ? j : x) * strides[d], offset);
      spec.storage[pos] = perm[j];
    }
  }
  return spec;
}

/** A shape no larger than `limit` in every dim except `dim`, where it is at most `along`. */
function within(rng: Rng, limit: readonly number[], dim: number, along: number): number[] {
  return limit.map((s, d) => (d === dim ? rng.int(0, along) : rng.int(Math.min(1, s), s)));
}

/** Registers the gather, scatter, scatterAdd and indexSelect tests. */
export function registerIndexing(r: Registry): void {
  r.group('gather', (r) => {
    for (const dtype of allDtypes) {
      r.test(dtype.name, [dtype], [int64], async ({ rng, ctx }) => {
        for (let i = 0; i < 8; i++) {
          const src = randomShape(rng, { minRank: 1, maxNumel: 200 });
          const dim = rng.int(0, src.length - 1);
          if (src[dim] === 0) src[dim] = 3;
          const shape = within(rng, src, dim, 6);
          await runCase(ctx, {
            title: `dim ${dim}`,
            inputs: {
              src: tensorSpec(rng, dtype, src, inputKind(i, rng)),
              index: indexSpec(rng, shape, inputKind(i + 1, rng), src[dim]),
            },
            outputs: { out: tensorSpec(rng, dtype, shape, outputKind(i, rng)) },
            run: (b, v) => b.gather(v.src, dim, v.index, v.out),
          });
        }
      });
    }
  });

  for (const op of ['scatter', 'scatterAdd'] as const) {
    r.group(op, (r) => {
      for (const dtype of allDtypes) {
        r.test(dtype.name, [dtype], [int64], async ({ rng, ctx }) => {
          for (let i = 0; i < 8; i++) {
            const out = randomShape(rng, { minRank: 1, maxNumel: 200 });
            const dim = rng.int(0, out.length - 1);
            if (out[dim] === 0) out[dim] = 4;
            // index fits in out (except along dim) and in src; src may be larger than index.
            const shape = within(rng, out, dim, op === 'scatter' ? out[dim] : 7);
            const src = shape.map((s) => s + rng.int(0, 2));
            const index = op === 'scatter'
              ? uniqueIndexSpec(rng, shape, inputKind(i + 1, rng), dim, out[dim])
              : indexSpec(rng, shape, inputKind(i + 1, rng), out[dim]);
            await runCase(ctx, {
              title: `dim ${dim}`,
              inputs: { index, src: tensorSpec(rng, dtype, src, inputKind(i, rng)) },
              outputs: { out: tensorSpec(rng, dtype, out, outputKind(i, rng)) },
              // PyTorch's scatter_add accumulates in out's dtype (rounding float16/bfloat16 at every step).
              checks: op === 'scatterAdd' ? { out: { terms: shape[dim] + 1, scale: 'abs', inDtype: true } } : undefined,
              run: (b, v) => (op === 'scatter' ? b.scatter(v.out, dim, v.index, v.src) : b.scatterAdd(v.out, dim, v.index, v.src)),
            });
          }
        });
      }
    });
  }

  r.group('indexSelect', (r) => {
    for (const dtype of allDtypes) {
      r.test(dtype.name, [dtype], [int64], async ({ rng, ctx }) => {
        for (let i = 0; i < 8; i++) {
          const src = randomShape(rng, { minRank: 1, maxNumel: 200 });
          const dim = rng.int(0, src.length - 1);
          if (src[dim] === 0) src[dim] = 2;
          const n = rng.int(0, 7);
          await runCase(ctx, {
            title: `dim ${dim}`,
            inputs: {
              src: tensorSpec(rng, dtype, src, inputKind(i, rng)),
              index: indexSpec(rng, [n], inputKind(i + 1, rng), src[dim]),
            },
            outputs: { out: tensorSpec(rng, dtype, src.map((s, d) => (d === dim ? n : s)), outputKind(i, rng)) },
            run: (b, v) => b.indexSelect(v.src, dim, v.index, v.out),
          });
        }
      });
    }
  });
}
