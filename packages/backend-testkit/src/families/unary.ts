/**
 * Tests of every UnaryOp and of clamp.
 * @module
 */
import { dtypes, type DType, type UnaryOp } from '@torchts/core';
import { allDtypes, floatDtypes, integralDtypes, numericDtypes } from '../cases/dtypes.js';
import { randomValue, type Domain } from '../cases/data.js';
import { shapeCases } from '../cases/shapes.js';
import { runCase, tensorSpec, type Case } from '../harness.js';
import { boolValuedUnaryOps } from '../reference/unary.js';
import type { Registry } from '../registry.js';
import { inputKind, outputKind } from './common.js';

/** Which dtypes each unary op is tested in, and its input values. */
export interface UnarySpec {
  readonly dtypes: readonly DType[];
  readonly domain?: Domain;
}

const float = (domain?: Domain): UnarySpec => ({ dtypes: floatDtypes, domain });
const numeric: UnarySpec = { dtypes: numericDtypes };

/**
 * The dtypes of each op: those where PyTorch computes it without changing the dtype (checked
 * against PyTorch by the testkit's own tests). Float-only ops are never given integers: core casts
 * first. gelu and silu get no infinities: PyTorch's answer there (NaN) is an artefact of its formula.
 */
export const unarySpecs: Readonly<Record<UnaryOp, UnarySpec>> = {
  neg: numeric, abs: numeric, square: numeric, relu: numeric,
  floor: numeric, ceil: numeric, round: numeric, trunc: numeric,
  sign: { dtypes: allDtypes },
  exp: float({ range: [-12, 12] }), expm1: float({ range: [-12, 12] }),
  log: float({ range: [-1, 8] }), log1p: float({ range: [-1.5, 8] }), log2: float({ range: [-1, 8] }),
  log10: float({ range: [-1, 8] }), sqrt: float({ range: [-1, 9] }), rsqrt: float({ range: [-1, 9] }),
  reciprocal: float(), sin: float({ range: [-7, 7] }), cos: float({ range: [-7, 7] }), tan: float({ range: [-1.5, 1.5] }),
  asin: float({ range: [-1.2, 1.2] }), acos: float({ range: [-1.2, 1.2] }), atan: float(),
  sinh: float({ range: [-12, 12] }), cosh: float({ range: [-12, 12] }), tanh: float(),
  asinh: float(), acosh: float({ range: [0.5, 6] }), atanh: float({ range: [-1.2, 1.2] }),
  erf: float(), erfc: float({ range: [-3, 10] }), sigmoid: float({ range: [-20, 20] }),
  silu: float({ range: [-8, 8], inf: false }), gelu: float({ range: [-8, 8], inf: false }), frac: float(),
  logicalNot: { dtypes: allDtypes }, isnan: { dtypes: allDtypes }, isinf: { dtypes: allDtypes },
  isfinite: { dtypes: allDtypes }, bitwiseNot: { dtypes: integralDtypes },
};

/** Registers the unary and clamp tests. */
export function registerUnary(r: Registry): void {
  r.group('unary', (r) => {
    for (const [op, spec] of Object.entries(unarySpecs) as [UnaryOp, UnarySpec][]) {
      r.group(op, (r) => {
        for (const dtype of spec.dtypes) {
          const outDtype = boolValuedUnaryOps.includes(op) ? dtypes.bool : dtype;
          r.test(dtype.name, [dtype], [outDtype], async ({ rng, ctx }) => {
            const cases: Case[] = shapeCases(rng, 7).map((shape, i) => ({
              inputs: { src: tensorSpec(rng, dtype, shape, inputKind(i, rng), spec.domain) },
              outputs: { out: tensorSpec(rng, outDtype, shape, outputKind(i, rng)) },
              run: (b, v) => b.unary(op, v.src, v.out),
            }));
            if (outDtype === dtype) {
              // In place (x.op_()): out is src.
              const shape = [rng.int(1, 5), rng.int(1, 6)];
              cases.push({
                title: 'in place: src is out',
                inputs: {},
                outputs: { out: tensorSpec(rng, dtype, shape, outputKind(rng.int(0, 9), rng), spec.domain) },
                aliases: { src: 'out' },
                run: (b, v) => b.unary(op, v.src, v.out),
              });
            }
            for (const c of cases) await runCase(ctx, c);
          });
        }
      });
    }
  });

  r.group('clamp', (r) => {
    for (const dtype of numericDtypes) {
      r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
        const finite: Domain = { nan: false, inf: false };
        for (const [i, shape] of shapeCases(rng, 8).entries()) {
          let min: number | null = randomValue(rng, dtype, finite);
          let max: number | null = randomValue(rng, dtype, finite);
          if (i % 4 === 0 && min > max) [min, max] = [max, min];
          if (i % 4 === 1) min = null;
          if (i % 4 === 2) max = null;
          // i % 4 === 3 leaves min and max in random order: min > max gives max everywhere.
          const lo = min, hi = max;
          await runCase(ctx, {
            title: `clamp(min ${lo}, max ${hi})`,
            inputs: { src: tensorSpec(rng, dtype, shape, inputKind(i, rng)) },
            outputs: { out: tensorSpec(rng, dtype, shape, outputKind(i, rng)) },
            run: (b, v) => b.clamp(v.src, lo, hi, v.out),
          });
        }
      });
    }
  });
}
