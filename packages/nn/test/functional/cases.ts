// Runs the goldens of fixtures/gen_functional.py: inputs, outputs, and the gradients of
// sum(output_i * det(output_i.shape, 99 + i)) with respect to every float input.
import { expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { det, expectError, expectTensor, fromSpec, loadFixture, type ErrorSpec, type TensorSpec, type Tolerance } from '../golden.js';

interface Case {
  inputs: Record<string, TensorSpec>;
  outputs: TensorSpec[];
  grads?: Record<string, TensorSpec>;
  seed?: number;
  fixed?: string[];
}

/** One family's goldens. */
export interface FunctionalFixture {
  cases: Record<string, Case>;
  errors: Record<string, ErrorSpec>;
}

/** What a case's implementation receives: its inputs by name. */
export type Inputs = Record<string, torch.Tensor>;

/** Loads `fixtures/functional-<family>.json`. */
export function loadFamily(family: string): FunctionalFixture {
  return loadFixture<FunctionalFixture>(`functional-${family}.json`);
}

/**
 * Registers one test per golden case. `impl` maps case names to the torchts call;
 * `tol` gives tolerances (a default, and per case).
 */
export function runCases(
  fx: FunctionalFixture,
  impl: Record<string, (d: Inputs) => torch.Tensor | torch.Tensor[]>,
  tol: Tolerance & { perCase?: Record<string, Tolerance>; device?: string } = {},
): void {
  test('every golden case has an implementation', () => {
    expect(Object.keys(impl).sort()).toEqual(Object.keys(fx.cases).sort());
  });
  for (const [name, c] of Object.entries(fx.cases)) {
    test(name, () => {
      const fn = impl[name];
      if (!fn) throw new Error(`no implementation for ${name}`);
      const t = { rtol: tol.rtol ?? 1e-5, atol: tol.atol ?? 1e-6, ...tol.perCase?.[name] };
      const fixed = new Set(c.fixed ?? []);
      const d: Inputs = {};
      for (const [k, spec] of Object.entries(c.inputs)) {
        let x = fromSpec(spec);
        if (tol.device) x = x.to(tol.device);
        d[k] = c.grads && x.isFloatingPoint() && !fixed.has(k) ? x.requiresGrad_(true) : x;
      }
      if (c.seed !== undefined) torch.manualSeed(c.seed);
      const out = fn(d);
      const outs = Array.isArray(out) ? out : [out];
      expect(outs.length, 'number of outputs').toBe(c.outputs.length);
      outs.forEach((o, i) => expectTensor(o, c.outputs[i]!, t, `${name} output ${i}`));
      if (!c.grads) return;
      let loss: torch.Tensor | null = null;
      outs.forEach((o, i) => {
        if (!o.requiresGrad) return;
        const term = o.mul(det([...o.shape], 99 + i, 1.0, o.dtype).to(o.device)).sum();
        loss = loss ? loss.add(term) : term;
      });
      (loss as torch.Tensor | null)?.backward();
      for (const [k, spec] of Object.entries(c.grads)) {
        expect(d[k]!.grad, `${name}: grad of ${k}`).not.toBeNull();
        expectTensor(d[k]!.grad!, spec, t, `${name} grad ${k}`);
      }
      for (const k of Object.keys(d)) {
        if (!(k in c.grads) && d[k]!.requiresGrad) {
          const g = d[k]!.grad;
          if (g) expect(g.abs().sum().item(), `${name}: ${k} should get no gradient`).toBe(0);
        }
      }
    });
  }
}

/** Registers one test per golden error: `impl` maps error names to the failing call. */
export function runErrors(fx: FunctionalFixture, impl: Record<string, () => unknown>): void {
  test('every golden error has a case', () => {
    expect(Object.keys(impl).sort()).toEqual(Object.keys(fx.errors).sort());
  });
  for (const [name, spec] of Object.entries(fx.errors)) {
    test(`error: ${name}`, () => expectError(impl[name]!, spec));
  }
}
