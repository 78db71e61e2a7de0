// The reference optimizer steps against PyTorch 1.13's single-tensor SGD / Adam / AdamW
// (fixtures/optimizer.json from gen_optimizer.py).
import { readFileSync } from 'node:fs';
import { describe, it } from 'vitest';
import type { AdamStepOptions, SgdStepOptions } from '@torchts/core';
import { adamStep, sgdStep } from '../../src/reference/optimizer.js';
import { fromJson, num, valuesOf, type JsonTensor, type Num } from '../fixtures/golden.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fixture: any = JSON.parse(readFileSync(new URL('../fixtures/optimizer.json', import.meta.url), 'utf8'));

/**
 * PyTorch's CPU kernels fuse some multiply-adds (`add(b, alpha=...)` is an FMA in its vectorized
 * loop) where the reference rounds twice, and `p - lr * g` may cancel: values (all O(1) here)
 * must agree within a few units of the dtype's epsilon, absolute plus relative.
 */
function expectClose(actual: readonly number[], expected: readonly Num[], dtype: string, what: string): void {
  const eps = dtype === 'float64' ? 2 ** -52 : 2 ** -23;
  const bad = expected.map(num).flatMap((e, i) =>
    Math.abs(actual[i]! - e) <= 4 * eps * (1 + Math.abs(e)) ? [] : [`[${i}]: got ${actual[i]}, PyTorch ${e}`]);
  if (bad.length) throw new Error(`${what} (${dtype}): ${bad.length} mismatches\n  ${bad.join('\n  ')}`);
}

interface SgdCase { o: SgdStepOptions; param: JsonTensor; grad: JsonTensor; buf: JsonTensor; outParam: JsonTensor; outBuf?: JsonTensor }
interface AdamCase {
  o: AdamStepOptions; param: JsonTensor; grad: JsonTensor; expAvg: JsonTensor; expAvgSq: JsonTensor; maxExpAvgSq: JsonTensor;
  outParam: JsonTensor; outExpAvg: JsonTensor; outExpAvgSq: JsonTensor; outMaxExpAvgSq?: JsonTensor;
}

describe('reference sgdStep', () => {
  (fixture.sgd as SgdCase[]).forEach((c, i) => {
    it(`case ${i} ${c.param.dtype} ${JSON.stringify(c.o)} matches torch.optim.SGD`, () => {
      const p = fromJson(c.param), buf = fromJson(c.buf);
      sgdStep(p, fromJson(c.grad), c.o.momentum !== 0 ? buf : null, c.o);
      expectClose(valuesOf(p), c.outParam.values, c.param.dtype, 'param');
      if (c.outBuf) expectClose(valuesOf(buf), c.outBuf.values, c.param.dtype, 'momentum buffer');
    });
  });
});

describe('reference adamStep', () => {
  (fixture.adam as AdamCase[]).forEach((c, i) => {
    it(`case ${i} ${c.param.dtype} ${JSON.stringify(c.o)} matches torch.optim.${c.o.decoupled ? 'AdamW' : 'Adam'}`, () => {
      const p = fromJson(c.param), m = fromJson(c.expAvg), v = fromJson(c.expAvgSq), mx = fromJson(c.maxExpAvgSq);
      adamStep(p, fromJson(c.grad), m, v, c.o.amsgrad ? mx : null, c.o);
      expectClose(valuesOf(p), c.outParam.values, c.param.dtype, 'param');
      expectClose(valuesOf(m), c.outExpAvg.values, c.param.dtype, 'expAvg');
      expectClose(valuesOf(v), c.outExpAvgSq.values, c.param.dtype, 'expAvgSq');
      if (c.outMaxExpAvgSq) expectClose(valuesOf(mx), c.outMaxExpAvgSq.values, c.param.dtype, 'maxExpAvgSq');
    });
  });
});
