// The reference batch norm against PyTorch 1.13's native_batch_norm / native_batch_norm_backward
// (fixtures/batch-norm.json from gen_batch_norm.py).
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import { batchNorm, batchNormBackward } from '../../src/reference/batch-norm.js';
import { empty, fromJson, num, valuesOf, type JsonTensor, type Num } from '../fixtures/golden.js';

interface BatchNormCase {
  eps: number; input: JsonTensor; gradOut: JsonTensor; weight?: JsonTensor; bias?: JsonTensor;
  out: JsonTensor; mean: JsonTensor; invstd: JsonTensor; gradInput: JsonTensor; gradWeight?: JsonTensor; gradBias: JsonTensor;
}

const cases: BatchNormCase[] = JSON.parse(readFileSync(new URL('../fixtures/batch-norm.json', import.meta.url), 'utf8'));

/**
 * PyTorch computes the output as `x * alpha + beta` (alpha, beta per channel) and rounds its
 * intermediate steps in the dtype; the reference rounds once. Values (O(1) here) must agree
 * within a few units of the dtype's epsilon, absolute plus relative.
 */
function expectClose(actual: readonly number[], expected: readonly Num[], dtype: string, what: string): void {
  const eps = dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  const bad = expected.map(num).flatMap((e, i) =>
    Math.abs(actual[i]! - e) <= 16 * eps * (1 + Math.abs(e)) ? [] : [`[${i}]: got ${actual[i]}, PyTorch ${e}`]);
  if (bad.length) throw new Error(`${what} (${dtype}): ${bad.length} mismatches\n  ${bad.slice(0, 8).join('\n  ')}`);
}

describe('reference batchNorm and batchNormBackward match PyTorch', () => {
  for (const c of cases) {
    const dt = c.input.dtype;
    const name = `${dt} [${c.input.shape.join(', ')}]${c.weight ? ' weight' : ''}${c.bias ? ' bias' : ''}`;
    it(name, () => {
      const C = c.input.shape[1]!;
      const out = empty(dt, c.input.shape), mean = empty(dt, [C]), invstd = empty(dt, [C]);
      const x = fromJson(c.input), w = c.weight ? fromJson(c.weight) : null;
      batchNorm(x, w, c.bias ? fromJson(c.bias) : null, c.eps, out, mean, invstd);
      expectClose(valuesOf(out), c.out.values, dt, 'out');
      expectClose(valuesOf(mean), c.mean.values, dt, 'mean');
      expectClose(valuesOf(invstd), c.invstd.values, dt, 'invstd');
      // The backward from PyTorch's own statistics.
      const gi = empty(dt, c.input.shape), gw = empty(dt, [C]), gb = empty(dt, [C]);
      batchNormBackward(fromJson(c.gradOut), x, w, fromJson(c.mean), fromJson(c.invstd), gi, c.gradWeight ? gw : null, gb);
      expectClose(valuesOf(gi), c.gradInput.values, dt, 'gradInput');
      if (c.gradWeight) expectClose(valuesOf(gw), c.gradWeight.values, dt, 'gradWeight');
      expectClose(valuesOf(gb), c.gradBias.values, dt, 'gradBias');
    });
  }
});
