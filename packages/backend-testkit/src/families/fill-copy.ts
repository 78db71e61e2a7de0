/**
 * Tests of fill and copy (every dtype pair).
 * @module
 */
import type { DType } from '@torchts/core';
import { allDtypes } from '../cases/dtypes.js';
import { randomValue, type Domain } from '../cases/data.js';
import { shapeCases } from '../cases/shapes.js';
import { runCase, tensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';
import { inputKind, outputKind } from './common.js';

/**
 * Source values for a cast: float to integer only inside the target's range and finite, since
 * anything else is undefined behaviour in PyTorch's C++; everything else unrestricted.
 */
function castDomain(from: DType, to: DType): Domain {
  if (!from.isFloatingPoint || !to.isInteger) return {};
  const range: Record<string, [number, number]> = {
    uint8: [0, 255.9], int8: [-128.9, 127.9], int16: [-1000, 1000], int32: [-1000, 1000], int64: [-1000, 1000],
  };
  return { range: range[to.name], nan: false, inf: false };
}

/** Registers the fill and copy tests. */
export function registerFillCopy(r: Registry): void {
  r.group('fill', (r) => {
    for (const dtype of allDtypes) {
      r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
        for (const [i, shape] of shapeCases(rng, 7).entries()) {
          const value = randomValue(rng, dtype);
          await runCase(ctx, {
            title: `fill with ${value}`,
            inputs: {},
            outputs: { out: tensorSpec(rng, dtype, shape, outputKind(i, rng)) },
            run: (b, v) => b.fill(v.out, value),
          });
        }
      });
    }
  });

  r.group('copy', (r) => {
    for (const from of allDtypes) {
      for (const to of allDtypes) {
        r.test(`${from.name} -> ${to.name}`, [from, to], [], async ({ rng, ctx }) => {
          for (const [i, shape] of shapeCases(rng, 6).entries()) {
            await runCase(ctx, {
              inputs: { src: tensorSpec(rng, from, shape, inputKind(i, rng), castDomain(from, to)) },
              outputs: { out: tensorSpec(rng, to, shape, outputKind(i, rng)) },
              run: (b, v) => b.copy(v.src, v.out),
            });
          }
        });
      }
    }
  });
}
