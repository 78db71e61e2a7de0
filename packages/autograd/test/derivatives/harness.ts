/**
 * Runs the golden cases of one op family: values, node names, first and second order
 * gradients against PyTorch (fixtures/autograd.json), then gradcheck and gradgradcheck.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as torch from '@torchts/core';
import type { Tensor } from '@torchts/core';
import { grad, gradcheck, gradgradcheck } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { cases, knownNameDifferences } from './cases.js';

interface TensorJson {
  shape: number[];
  values: number[];
  dtype: string;
  kind?: 'float' | 'int' | 'bool';
}

/** One golden case, as gen_autograd.py writes it. */
export interface GoldenCase {
  family: string;
  name: string;
  inputs: TensorJson[];
  output: TensorJson;
  gradFn: string | null;
  gradOutput: TensorJson;
  grads: (TensorJson | null)[];
  weights?: TensorJson[];
  grads2?: (TensorJson | null)[];
  gradcheck: boolean;
}

/** The whole fixture file. */
export interface Golden {
  cases: GoldenCase[];
  errors: Record<string, string | null>;
  names: Record<string, unknown>;
  blitz: Record<string, unknown>;
  /** A backward pass through bfloat16 ops: inputs (as PyTorch rounded them) and gradients. */
  bfloat16: { x: number[]; grad: number[] };
}

/** Reads fixtures/autograd.json. */
export function loadGolden(): Golden {
  const path = fileURLToPath(new URL('../fixtures/autograd.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Golden;
}

/** A tensor from its JSON form (float inputs are float64 and require grad when `leaf`). */
export function fromJson(j: TensorJson, leaf = false): Tensor {
  if (j.kind === 'int' || j.dtype === 'int64') {
    return torch.fromTypedArray(Float64Array.from(j.values), j.shape, { dtype: torch.int64 });
  }
  if (j.kind === 'bool' || j.dtype === 'bool') {
    return torch.fromTypedArray(Uint8Array.from(j.values.map(Number)), j.shape, { dtype: torch.bool });
  }
  const t = torch.fromTypedArray(Float64Array.from(j.values), j.shape);
  return leaf ? t.requiresGrad_(true) : t;
}

/** Checks `actual` against golden values (a null golden means no gradient, i.e. zeros). */
export function expectClose(actual: Tensor | null, golden: TensorJson | null, what: string, shape?: number[]): void {
  if (golden === null) {
    if (actual !== null) {
      const values = Array.from(actual.toTypedArray() as ArrayLike<number>);
      expect(values.every((v) => v === 0), `${what}: expected no gradient (zeros)`).toBe(true);
    }
    return;
  }
  if (actual === null) {
    expect(golden.values.every((v) => v === 0), `${what}: missing gradient`).toBe(true);
    expect(shape ?? golden.shape).toEqual(golden.shape);
    return;
  }
  expect([...actual.shape], `${what}: shape`).toEqual(golden.shape);
  const values = Array.from(actual.toTypedArray() as ArrayLike<number>);
  golden.values.forEach((g, i) => {
    const a = values[i]!;
    const ok = Number.isNaN(g) ? Number.isNaN(a) : Math.abs(a - g) <= 1e-9 + 1e-8 * Math.abs(g);
    expect(ok, `${what}[${i}]: ${a} vs PyTorch ${g}`).toBe(true);
  });
}

/** Registers the tests of one family's cases. */
export function describeFamily(family: string, golden: Golden = loadGolden()): void {
  const list = golden.cases.filter((c) => c.family === family);
  describe(`${family} derivatives`, () => {
    test('has cases', () => {
      expect(list.length).toBeGreaterThan(0);
    });
    for (const c of list) {
      describe(c.name, () => {
        const fn = cases[c.name];
        const make = (): Tensor[] => c.inputs.map((j) => fromJson(j, j.kind === 'float'));

        test('gradients match PyTorch (first and second order)', () => {
          expect(fn, `no TypeScript case for ${c.name}`).toBeDefined();
          const inputs = make();
          const floats = inputs.filter((t) => t.requiresGrad);
          const out = fn!(...inputs);
          expectClose(out, c.output, 'output');
          expect(out.gradFn?.name() ?? null).toBe(knownNameDifferences[c.name] ?? c.gradFn);
          const go = fromJson(c.gradOutput);
          const grads = grad(out, floats, { gradOutputs: go, createGraph: true, allowUnused: true });
          grads.forEach((g, i) => expectClose(g, c.grads[i]!, `grad ${i}`, [...floats[i]!.shape]));
          if (c.grads2 && c.weights) {
            let s: Tensor | null = null;
            grads.forEach((g, i) => {
              if (!g || !g.requiresGrad) return;
              const term = g.mul(fromJson(c.weights![i]!)).sum();
              s = s ? s.add(term) : term;
            });
            if (s !== null && (s as Tensor).requiresGrad) {
              const gg = grad(s, floats, { allowUnused: true });
              gg.forEach((g, i) => expectClose(g, c.grads2![i]!, `second-order grad ${i}`, [...floats[i]!.shape]));
            } else {
              for (const g of c.grads2) expectClose(null, g, 'second-order grad');
            }
          }
        });

        if (c.gradcheck) {
          test('gradcheck', () => {
            expect(gradcheck(fn!, make())).toBe(true);
          });
          test('gradgradcheck', () => {
            expect(gradgradcheck(fn!, make())).toBe(true);
          });
        }
      });
    }
  });
}
