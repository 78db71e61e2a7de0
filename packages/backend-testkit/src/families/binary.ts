/**
 * Tests of every BinaryOp (with broadcasting) and of where.
 * @module
 */
import { dtypes, type BinaryOp, type DType } from '@torchts/core';
import { allDtypes, floatDtypes, integralDtypes, numericDtypes } from '../cases/dtypes.js';
import type { Domain } from '../cases/data.js';
import { shapeCases } from '../cases/shapes.js';
import { runCase, tensorSpec, type Case } from '../harness.js';
import { boolValuedBinaryOps } from '../reference/binary.js';
import type { Registry } from '../registry.js';
import { inputKind, outputKind } from './common.js';

/** Which dtypes each binary op is tested in, and its operands' values. */
export interface BinarySpec {
  readonly dtypes: readonly DType[];
  readonly a?: Domain;
  readonly b?: Domain;
}

/** Integer divisors are never 0: PyTorch raises "ZeroDivisionError" before any kernel runs. */
const division: BinarySpec = { dtypes: numericDtypes, b: { nonZero: true } };

/**
 * The dtypes of each op: those where PyTorch computes it without changing the dtype (checked
 * against PyTorch by the testkit's own tests); comparisons and logical ops write bool.
 */
export const binarySpecs: Readonly<Record<BinaryOp, BinarySpec>> = {
  add: { dtypes: allDtypes }, sub: { dtypes: numericDtypes }, mul: { dtypes: allDtypes },
  div: { dtypes: floatDtypes },
  divTrunc: division, divFloor: division, remainder: division, fmod: division,
  pow: {
    dtypes: numericDtypes,
    a: { range: [-4, 4], intRange: [-10, 10] },
    b: { range: [-3, 3], intRange: [-2, 6] },
  },
  maximum: { dtypes: allDtypes }, minimum: { dtypes: allDtypes }, atan2: { dtypes: floatDtypes },
  eq: { dtypes: allDtypes }, ne: { dtypes: allDtypes }, lt: { dtypes: allDtypes },
  le: { dtypes: allDtypes }, gt: { dtypes: allDtypes }, ge: { dtypes: allDtypes },
  logicalAnd: { dtypes: allDtypes }, logicalOr: { dtypes: allDtypes }, logicalXor: { dtypes: allDtypes },
  bitwiseAnd: { dtypes: integralDtypes }, bitwiseOr: { dtypes: integralDtypes }, bitwiseXor: { dtypes: integralDtypes },
};

/** Small integers for comparisons, so that equal operands are common. */
const tieProne: Domain = { intRange: [-3, 3], range: [-2, 2] };

/** Registers the binary and where tests. */
export function registerBinary(r: Registry): void {
  r.group('binary', (r) => {
    for (const [op, spec] of Object.entries(binarySpecs) as [BinaryOp, BinarySpec][]) {
      const comparison = boolValuedBinaryOps.includes(op);
      r.group(op, (r) => {
        for (const dtype of spec.dtypes) {
          const outDtype = comparison ? dtypes.bool : dtype;
          r.test(dtype.name, [dtype], [outDtype], async ({ rng, ctx }) => {
            const da = spec.a ?? (comparison ? tieProne : undefined), db = spec.b ?? (comparison ? tieProne : undefined);
            const cases: Case[] = shapeCases(rng, 8).map((shape, i) => ({
              inputs: {
                a: tensorSpec(rng, dtype, shape, inputKind(i, rng), da),
                b: tensorSpec(rng, dtype, shape, inputKind(i + 3, rng), db),
              },
              outputs: { out: tensorSpec(rng, outDtype, shape, outputKind(i, rng)) },
              run: (be, v) => be.binary(op, v.a, v.b, v.out),
            }));
            if (!comparison) {
              // In place (a.op_(b)): out is a, b broadcast.
              const shape = [rng.int(1, 4), rng.int(1, 6)];
              cases.push({
                title: 'in place: a is out',
                inputs: { b: tensorSpec(rng, dtype, shape, 'broadcast', db) },
                outputs: { out: tensorSpec(rng, dtype, shape, outputKind(rng.int(0, 9), rng), da) },
                aliases: { a: 'out' },
                run: (be, v) => be.binary(op, v.a, v.b, v.out),
              });
            }
            for (const c of cases) await runCase(ctx, c);
          });
        }
      });
    }
  });

  r.group('where', (r) => {
    for (const dtype of allDtypes) {
      r.test(dtype.name, [dtype], [dtypes.bool], async ({ rng, ctx }) => {
        for (const [i, shape] of shapeCases(rng, 8).entries()) {
          await runCase(ctx, {
            inputs: {
              cond: tensorSpec(rng, dtypes.bool, shape, inputKind(i + 1, rng)),
              a: tensorSpec(rng, dtype, shape, inputKind(i, rng)),
              b: tensorSpec(rng, dtype, shape, inputKind(i + 2, rng)),
            },
            outputs: { out: tensorSpec(rng, dtype, shape, outputKind(i, rng)) },
            run: (be, v) => be.where(v.cond, v.a, v.b, v.out),
          });
        }
      });
    }
  });
}
