/**
 * Tests of every ReduceOp over single, multiple, all and no dims.
 * @module
 */
import { dtypes, type DType, type ReduceOp } from '@torchts/core';
import { allDtypes, numericDtypes } from '../cases/dtypes.js';
import type { Domain } from '../cases/data.js';
import type { Rng } from '../cases/random.js';
import { randomShape } from '../cases/shapes.js';
import { runCase, tensorSpec, type OutputCheck } from '../harness.js';
import type { Registry } from '../registry.js';
import { accumulateDtype, inputKind, outputKind, productFloats, productInts } from './common.js';

/** Which dtypes each reduction is tested in, and its output dtype. */
export interface ReduceSpec {
  readonly dtypes: readonly DType[];
  readonly out: (dtype: DType) => DType;
}

const same = (d: DType): DType => d;

/** The dtypes of each reduction (checked against PyTorch by the testkit's own tests). */
export const reduceSpecs: Readonly<Record<ReduceOp, ReduceSpec>> = {
  sum: { dtypes: allDtypes, out: accumulateDtype },
  prod: { dtypes: allDtypes, out: accumulateDtype },
  max: { dtypes: allDtypes, out: same },
  min: { dtypes: allDtypes, out: same },
  argmax: { dtypes: numericDtypes, out: () => dtypes.int64 },
  argmin: { dtypes: numericDtypes, out: () => dtypes.int64 },
  all: { dtypes: allDtypes, out: () => dtypes.bool },
  any: { dtypes: allDtypes, out: () => dtypes.bool },
};

/**
 * The dims of case `i`: none, one, several or all, in turn. argmax/argmin reduce one dim or all;
 * max/min/argmax/argmin never reduce an empty extent (PyTorch raises before any kernel runs).
 */
function pickDims(rng: Rng, shape: readonly number[], op: ReduceOp, i: number): number[] | null {
  const r = shape.length;
  const all = [...Array(r).keys()];
  const needsElements = op === 'max' || op === 'min' || op === 'argmax' || op === 'argmin';
  const arg = op === 'argmax' || op === 'argmin';
  let dims: number[];
  switch (arg ? (i % 2 === 0 ? 1 : 3) : i % 4) {
    case 0: dims = []; break;
    case 1: dims = r ? [rng.int(0, r - 1)] : []; break;
    case 2: dims = rng.shuffle(all).slice(0, rng.int(Math.min(2, r), r)).sort(); break;
    default: dims = all;
  }
  if (arg && dims.length === 0 && r > 0) dims = [0]; // a scalar reduces over no dims
  if (needsElements && dims.reduce((n, d) => n * shape[d], 1) === 0) return null;
  return dims;
}

/** Registers the reduction tests. */
export function registerReduce(r: Registry): void {
  r.group('reduce', (r) => {
    for (const [op, spec] of Object.entries(reduceSpecs) as [ReduceOp, ReduceSpec][]) {
      r.group(op, (r) => {
        for (const dtype of spec.dtypes) {
          const outDtype = spec.out(dtype);
          r.test(dtype.name, [dtype], [outDtype], async ({ rng, ctx }) => {
            const domain: Domain | undefined = op !== 'prod' ? undefined
              : dtype.isFloatingPoint ? { choices: productFloats(rng) } : productInts(dtype);
            for (let i = 0; i < 9; i++) {
              let shape: number[], dims: number[] | null;
              do {
                shape = i === 8 ? [rng.int(1000, 1100)] : randomShape(rng, { maxNumel: 300 });
                dims = pickDims(rng, shape, op, i);
              } while (dims === null);
              const outShape = shape.map((s, d) => (dims!.includes(d) ? 1 : s));
              const terms = dims.reduce((n, d) => n * shape[d], 1);
              const d = dims;
              const check: OutputCheck | undefined = op === 'sum' ? { terms, scale: 'abs' }
                : op === 'prod' ? { terms, scale: 'expected' } : undefined;
              await runCase(ctx, {
                title: `${op} over dims [${d.join(', ')}]`,
                inputs: { src: tensorSpec(rng, dtype, shape, inputKind(i, rng), domain) },
                outputs: { out: tensorSpec(rng, outDtype, outShape, outputKind(i, rng)) },
                checks: check && { out: check },
                run: (b, v) => b.reduce(op, v.src, d, v.out),
              });
            }
          });
        }
      });
    }
  });
}
