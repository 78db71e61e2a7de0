// Runs the goldens of fixtures/gen_layers.py: a module built after manualSeed(1), run on the
// case's inputs; outputs, buffers, and gradients of inputs and parameters compared.
import { expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { det, expectTensor, fromSpec, loadFixture, type TensorSpec, type Tolerance } from '../golden.js';
import type { nn } from '../nn.js';

interface LayerCase {
  inputs: Record<string, TensorSpec>;
  outputs: TensorSpec[];
  grads: Record<string, TensorSpec>;
  param_grads: Record<string, TensorSpec>;
  buffers: Record<string, TensorSpec>;
  train: boolean;
  seed?: number;
}

const fx = loadFixture<{ cases: Record<string, LayerCase> }>('layers.json');

/** A case: how to build the module, and how to run it on the inputs. */
export interface LayerImpl<M extends nn.Module = nn.Module> {
  make: () => M;
  run: (m: M, d: Record<string, torch.Tensor>) => torch.Tensor | torch.Tensor[];
}

/** Registers one test per named case of layers.json. */
export function runLayerCases(impl: Record<string, LayerImpl<any>>, tol: Tolerance = {}): void {
  for (const [name, { make, run }] of Object.entries(impl)) {
    test(name, () => {
      const c = fx.cases[name];
      if (!c) throw new Error(`no golden named ${name}`);
      const t = { rtol: tol.rtol ?? 1e-5, atol: tol.atol ?? 1e-6 };
      torch.manualSeed(1);
      const m = make();
      m.train(c.train);
      const d: Record<string, torch.Tensor> = {};
      for (const [k, spec] of Object.entries(c.inputs)) {
        const x = fromSpec(spec);
        d[k] = x.isFloatingPoint() ? x.requiresGrad_(true) : x;
      }
      if (c.seed !== undefined) torch.manualSeed(c.seed);
      const out = run(m, d);
      const outs = Array.isArray(out) ? out : [out];
      expect(outs.length, 'number of outputs').toBe(c.outputs.length);
      outs.forEach((o, i) => expectTensor(o, c.outputs[i]!, t, `${name} output ${i}`));
      let loss: torch.Tensor | null = null;
      outs.forEach((o, i) => {
        if (!o.requiresGrad) return;
        const term = o.mul(det([...o.shape], 99 + i, 1.0, o.dtype)).sum();
        loss = loss ? loss.add(term) : term;
      });
      (loss as torch.Tensor | null)?.backward();
      for (const [k, spec] of Object.entries(c.grads)) expectTensor(d[k]!.grad!, spec, t, `${name} grad ${k}`);
      const params = new Map<string, torch.Tensor>(m.namedParameters());
      expect([...params].filter(([, p]) => p.grad !== null).map(([n]) => n)).toEqual(Object.keys(c.param_grads));
      for (const [k, spec] of Object.entries(c.param_grads)) expectTensor(params.get(k)!.grad!, spec, t, `${name} grad ${k}`);
      const buffers = new Map<string, torch.Tensor>(m.namedBuffers());
      expect([...buffers.keys()]).toEqual(Object.keys(c.buffers));
      for (const [k, spec] of Object.entries(c.buffers)) expectTensor(buffers.get(k)!, spec, t, `${name} buffer ${k}`);
    });
  }
}
