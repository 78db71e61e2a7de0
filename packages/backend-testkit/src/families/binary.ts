/**
 * Tests of every BinaryOp (with broadcasting) and of where.
 * @module
 */
import { dtypes, type BinaryOp, type DType } from '@torchts/core';
import { allDtypes, floatDtypes, integralDtypes, numericDtypes } from '../cases/dtypes.js';
import { randomStorage, type Domain } from '../cases/data.js';
import { shapeCases } from '../cases/shapes.js';
import { runCase, tensorSpec, type Case } from '../harness.js';
import type { Rng } from '../cases/random.js';
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

/**
 * The `binaryScalar` cases of `op` in `dtype` (exported for the testkit's own tests): six shapes,
 * the scalar a random value of the dtype (NaN and infinities included for floats), alternately
 * second and first.
 */
export function binaryScalarCases(rng: Rng, op: BinaryOp, dtype: DType): Case[] {
  const spec = binarySpecs[op];
  const comparison = boolValuedBinaryOps.includes(op);
  const outDtype = comparison ? dtypes.bool : dtype;
  const da = spec.a ?? (comparison ? tieProne : undefined), db = spec.b ?? (comparison ? tieProne : undefined);
  return shapeCases(rng, 6).map((shape, i) => {
    const scalarFirst = i % 2 === 1;
    const scalar = randomStorage(rng, dtype, 1, scalarFirst ? da : db)[0]!;
    return {
      title: `${scalarFirst ? 'scalar first' : 'scalar second'}: ${scalar}`,
      inputs: { a: tensorSpec(rng, dtype, shape, inputKind(i, rng), scalarFirst ? db : da) },
      outputs: { out: tensorSpec(rng, outDtype, shape, outputKind(i, rng)) },
      run: (be, v) => be.binaryScalar!(op, v.a, scalar, scalarFirst, v.out),
    };
  });
}

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

  // A JS number operand by value (optional primitive): the scalar is a random value of the dtype
  // (NaN and infinities included for floats), on either side.
  r.group('binaryScalar', (r) => {
    if (!r.backend.binaryScalar) {
      r.skip('all ops', `not provided by ${r.backend.type} (core passes a one-element tensor to binary)`);
      return;
    }
    for (const [op, spec] of Object.entries(binarySpecs) as [BinaryOp, BinarySpec][]) {
      const comparison = boolValuedBinaryOps.includes(op);
      r.group(op, (r) => {
        for (const dtype of spec.dtypes) {
          const outDtype = comparison ? dtypes.bool : dtype;
          r.test(dtype.name, [dtype], [outDtype], async ({ rng, ctx }) => {
            for (const c of binaryScalarCases(rng, op, dtype)) await runCase(ctx, c);
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
