/**
 * Tests of the fused optimizer steps (`sgdStep`, `adamStep`), when the backend provides them:
 * random parameters, gradients and state (1, 7, 1037 elements and a random shape), every option
 * on and off, against the composed computation of the reference backend.
 * @module
 */
import { dtypes, type AdamStepOptions, type DType, type SgdStepOptions } from '@torchts/core';
import type { Rng } from '../cases/random.js';
import { randomShape } from '../cases/shapes.js';
import { tensorSpec, type Case, type TensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';
import { runCase } from '../harness.js';

/** The dtypes the optimizer steps are tested in. */
export const optimizerDtypes: readonly DType[] = [dtypes.float32, dtypes.float64];

const values = { range: [-1, 1] as [number, number], nan: false, inf: false };
const squares = { range: [0, 1] as [number, number], nan: false, inf: false };

function shapes(rng: Rng): number[][] {
  return [[1], [7], [1037], randomShape(rng, { minRank: 1, maxNumel: 200 }).map((s) => Math.max(s, 1))];
}

/** The SGD option sets: each option on and off at least once, nesterov only where PyTorch allows it. */
function sgdOptions(rng: Rng): SgdStepOptions[] {
  const out: SgdStepOptions[] = [];
  for (const momentum of [0, 0.9]) {
    for (const weightDecay of [0, 0.01]) {
      for (const maximize of [false, true]) {
        const base = { lr: rng.uniform(0.01, 0.2), momentum, weightDecay, maximize };
        if (momentum === 0) {
          out.push({ ...base, dampening: 0, nesterov: false, firstStep: false });
          continue;
        }
        out.push({ ...base, dampening: 0, nesterov: false, firstStep: true });
        out.push({ ...base, dampening: 0.3, nesterov: false, firstStep: false });
        out.push({ ...base, dampening: 0, nesterov: true, firstStep: maximize });
      }
    }
  }
  return out;
}

/** The Adam option sets: L2 and decoupled weight decay, amsgrad, maximize, early and late steps. */
function adamOptions(rng: Rng): AdamStepOptions[] {
  const out: AdamStepOptions[] = [];
  for (const decoupled of [false, true]) {
    for (const amsgrad of [false, true]) {
      for (const maximize of [false, true]) {
        for (const weightDecay of [0, 0.05]) {
          const [beta1, beta2] = rng.chance(0.5) ? [0.9, 0.999] : [0.8, 0.99];
          out.push({
            lr: rng.uniform(1e-3, 0.1), beta1, beta2, eps: 1e-8, weightDecay, decoupled, amsgrad, maximize,
            step: rng.pick([1, 2, 10, 1000]),
          });
        }
      }
    }
  }
  return out;
}

/** The SGD cases for `dtype` (exported for the testkit's own tests). */
export function sgdCases(rng: Rng, dtype: DType): Case[] {
  const cases: Case[] = [];
  for (const o of sgdOptions(rng)) {
    for (const shape of shapes(rng)) {
      const outputs: Record<string, TensorSpec> = o.momentum !== 0
        ? { param: tensorSpec(rng, dtype, shape, 'offset', values), buf: tensorSpec(rng, dtype, shape, 'contiguous', values) }
        : { param: tensorSpec(rng, dtype, shape, 'offset', values) };
      cases.push({
        title: `sgdStep ${JSON.stringify(o)}`,
        inputs: { grad: tensorSpec(rng, dtype, shape, 'contiguous', values) },
        outputs,
        run: (b, v) => b.fused!.sgdStep!(v.param, v.grad, v.buf ?? null, o),
      });
    }
  }
  return cases;
}

/** The Adam cases for `dtype` (exported for the testkit's own tests). */
export function adamCases(rng: Rng, dtype: DType): Case[] {
  const cases: Case[] = [];
  for (const o of adamOptions(rng)) {
    for (const shape of shapes(rng)) {
      const state = {
        param: tensorSpec(rng, dtype, shape, 'offset', values),
        expAvg: tensorSpec(rng, dtype, shape, 'contiguous', values),
        expAvgSq: tensorSpec(rng, dtype, shape, 'contiguous', squares),
      };
      cases.push({
        title: `adamStep ${JSON.stringify(o)}`,
        inputs: { grad: tensorSpec(rng, dtype, shape, 'contiguous', values) },
        outputs: o.amsgrad ? { ...state, maxExpAvgSq: tensorSpec(rng, dtype, shape, 'contiguous', squares) } : state,
        run: (b, v) => b.fused!.adamStep!(v.param, v.grad, v.expAvg, v.expAvgSq, v.maxExpAvgSq ?? null, o),
      });
    }
  }
  return cases;
}

/** Registers the optimizer step tests. */
export function registerOptimizer(r: Registry): void {
  for (const [name, make] of [['sgdStep', sgdCases], ['adamStep', adamCases]] as const) {
    r.group(name, (r) => {
      if (!r.backend.fused?.[name]) {
        r.skip('all dtypes', `not provided by ${r.backend.type} (core composes it)`);
        return;
      }
      for (const dtype of optimizerDtypes) {
        r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
          for (const c of make(rng, dtype)) await runCase(ctx, c);
        });
      }
    });
  }
}
