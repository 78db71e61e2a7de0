/**
 * Tests of the fused training-mode batch norm (`batchNorm`, `batchNormBackward`), when the
 * backend provides them: [N, C, S] inputs of several shapes (2-d batch norm as S = 1, one
 * channel, one sample), with and without weight and bias, every combination of null backward
 * outputs, against the reference backend's float64 formulas.
 * @module
 */
import { dtypes, type DType } from '@torchts/core';
import type { Domain } from '../cases/data.js';
import { floatDtypes } from '../cases/dtypes.js';
import type { Rng } from '../cases/random.js';
import { runCase, tensorOf, tensorSpec, type Case, type OutputCheck, type TensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';

/** The [N, C, S] shapes every dtype is tested with. */
export const batchNormShapes: readonly (readonly [number, number, number])[] = [
  [2, 3, 5], [4, 16, 1], [8, 4, 49], [3, 1, 6], [1, 3, 7],
];

const domain: Domain = { range: [-2, 2], nan: false, inf: false };
const eps = 1e-5;

/** The dtype of mean and invstd: float32 for float16/bfloat16 inputs, as PyTorch's. */
export function batchNormStatDtype(dtype: DType): DType {
  return dtype === dtypes.float16 || dtype === dtypes.bfloat16 ? dtypes.float32 : dtype;
}

/** A tensor contiguous from its offset (plain or shifted): what the kernels are given. */
function spec(rng: Rng, dtype: DType, shape: readonly number[]): TensorSpec {
  return tensorSpec(rng, dtype, shape, rng.chance(0.5) ? 'contiguous' : 'offset', domain);
}

/** The mean and invstd (float64, rounded to `statDtype` by the storage) of each channel of `x`. */
function stats(x: TensorSpec, statDtype: DType): [TensorSpec, TensorSpec] {
  const [N, C, S] = x.layout.shape;
  const [sn, sc, ss] = x.layout.strides;
  const mean: number[] = [], invstd: number[] = [];
  for (let c = 0; c < C; c++) {
    const v: number[] = [];
    for (let n = 0; n < N; n++) for (let s = 0; s < S; s++) v.push(x.storage[x.layout.offset + n * sn + c * sc + s * ss]);
    const mu = v.reduce((a, b) => a + b, 0) / v.length;
    mean.push(mu);
    invstd.push(1 / Math.sqrt(v.reduce((a, b) => a + (b - mu) ** 2, 0) / v.length + eps));
  }
  return [tensorOf(statDtype, [C], mean), tensorOf(statDtype, [C], invstd)];
}

/** The forward cases for `dtype` (exported for the testkit's own tests). */
export function batchNormCases(rng: Rng, dtype: DType): Case[] {
  const sd = batchNormStatDtype(dtype);
  const cases: Case[] = [];
  for (const shape of batchNormShapes) {
    const [N, C, S] = shape;
    const M = N * S;
    for (const [withWeight, withBias] of [[true, true], [true, false], [false, true], [false, false]]) {
      const params: Record<string, TensorSpec> = {};
      if (withWeight) params.weight = spec(rng, dtype, [C]);
      if (withBias) params.bias = spec(rng, dtype, [C]);
      // Two passes of M terms (mean, then squared deviations) feed every output.
      const checks: Record<string, OutputCheck> = {
        out: { terms: 2 * M, scale: 'expected+1' },
        mean: { terms: M, scale: 'abs' },
        invstd: { terms: 2 * M, scale: 'expected' },
      };
      cases.push({
        title: `batchNorm [${shape.join(', ')}]${withWeight ? ' weight' : ''}${withBias ? ' bias' : ''}`,
        inputs: { input: spec(rng, dtype, shape), ...params },
        outputs: { out: spec(rng, dtype, shape), mean: spec(rng, sd, [C]), invstd: spec(rng, sd, [C]) },
        checks,
        run: (b, v) => b.fused!.batchNorm!(v.input, v.weight ?? null, v.bias ?? null, eps, v.out, v.mean, v.invstd),
      });
    }
  }
  return cases;
}

const gradNames = ['gradInput', 'gradWeight', 'gradBias'] as const;

/** The backward cases for `dtype`: every shape, with and without weight, each subset of outputs. */
export function batchNormBackwardCases(rng: Rng, dtype: DType): Case[] {
  const sd = batchNormStatDtype(dtype);
  const cases: Case[] = [];
  for (const shape of batchNormShapes) {
    const [N, C, S] = shape;
    const M = N * S;
    for (const withWeight of [true, false]) {
      for (let mask = 0; mask < 8; mask++) {
        const input = spec(rng, dtype, shape);
        const [mean, invstd] = stats(input, sd);
        const outputs: Record<string, TensorSpec> = {};
        if (mask & 1) outputs.gradInput = spec(rng, dtype, shape);
        if (mask & 2) outputs.gradWeight = spec(rng, dtype, [C]);
        if (mask & 4) outputs.gradBias = spec(rng, dtype, [C]);
        const checks: Record<string, OutputCheck> = {
          gradInput: { terms: 8 * M, scale: 'expected+1' },
          gradWeight: { terms: 2 * M, scale: 'expected+1' },
          gradBias: { terms: M, scale: 'abs' },
        };
        const wanted = gradNames.filter((n) => n in outputs);
        cases.push({
          title: `batchNormBackward [${shape.join(', ')}]${withWeight ? ' weight' : ''} computing ${wanted.join(', ') || 'nothing'}`,
          inputs: {
            gradOut: spec(rng, dtype, shape), input, mean, invstd,
            ...(withWeight ? { weight: spec(rng, dtype, [C]) } : {}),
          },
          outputs,
          checks: Object.fromEntries(wanted.map((n) => [n, checks[n]])),
          run: (b, v) => b.fused!.batchNormBackward!(v.gradOut, v.input, v.weight ?? null, v.mean, v.invstd,
            v.gradInput ?? null, v.gradWeight ?? null, v.gradBias ?? null),
        });
      }
    }
  }
  return cases;
}

/** Registers the batchNorm and batchNormBackward tests. */
export function registerBatchNorm(r: Registry): void {
  for (const [name, make] of [['batchNorm', batchNormCases], ['batchNormBackward', batchNormBackwardCases]] as const) {
    r.group(name, (r) => {
      if (!r.backend.fused?.[name]) {
        r.skip('all dtypes', `not provided by ${r.backend.type} (nn composes it)`);
        return;
      }
      for (const dtype of floatDtypes) {
        r.test(dtype.name, [dtype], [batchNormStatDtype(dtype)], async ({ rng, ctx }) => {
          for (const c of make(rng, dtype)) await runCase(ctx, c);
        });
      }
    });
  }
}
