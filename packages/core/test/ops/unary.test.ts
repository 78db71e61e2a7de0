// Unary elementwise ops against PyTorch 1.13 goldens (fixtures/gen_elementwise.py).
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import {
  expectOutcome, expectTensor, fromSpec, isError, loadFixture, type Outcome, type TensorSpec, type Tolerance,
} from '../fixtures/golden.js';

interface UnaryCase { op: torch.UnaryName; input: string; out: Outcome }
interface Fixture {
  inputs: Record<string, TensorSpec>;
  unary: UnaryCase[];
  unaryInplace: UnaryCase[];
}
const fx = loadFixture<Fixture>('elementwise-unary.json');
const input = (name: string): torch.Tensor => fromSpec(fx.inputs[name]!);

/** Ops whose result is exactly rounded in both libraries. */
const exact = new Set([
  'neg', 'abs', 'sign', 'square', 'relu', 'floor', 'ceil', 'round', 'trunc', 'frac', 'sqrt', 'reciprocal',
  'isnan', 'isinf', 'isfinite', 'logicalNot', 'bitwiseNot',
]);

function tolerance(op: string, out: Outcome): Tolerance {
  if (exact.has(op) || isError(out) || !('dtype' in out)) return {};
  if (out.dtype === 'float64') return { rtol: 1e-13, atol: 1e-300 };
  if (out.dtype === 'float16') return { rtol: 1e-3, atol: 1e-7 };
  if (op === 'gelu' || op === 'erfc') return { rtol: 2e-6, atol: 1e-38 };
  return { rtol: 4e-7, atol: 1e-38 };
}

describe('unary ops match PyTorch', () => {
  for (const c of fx.unary) {
    it(`${c.op}(${c.input})`, () => {
      const x = input(c.input);
      const tol = tolerance(c.op, c.out);
      expectOutcome(() => torch.unaryFunctions[c.op](x), c.out, tol, 'function');
      expectOutcome(() => (x[c.op] as () => torch.Tensor)(), c.out, tol, 'method');
    });
  }
});

describe('in-place unary ops match PyTorch', () => {
  for (const c of fx.unaryInplace) {
    it(`${c.op}_(${c.input})`, () => {
      const x = input(c.input);
      const v0 = x.version;
      const method = `${c.op}_` as `${torch.UnaryName}_`;
      expectOutcome(() => {
        const r = (x[method] as () => torch.Tensor)();
        expect(r).toBe(x);
        expect(x.version).toBe(v0 + 1);
        return r;
      }, c.out, tolerance(c.op, c.out));
    });
  }
});

describe('unary ops: out= and aliases', () => {
  it('writes into out, casting to its dtype', () => {
    const x = torch.tensor([0.5, -1.5, 2.5]);
    const out = torch.empty(3, { dtype: torch.float64 });
    expect(torch.exp(x, { out })).toBe(out);
    expectTensor(out, { dtype: 'float64', shape: [3], values: Array.from(torch.exp(x).toTypedArray()) });
  });
  it('refuses an out dtype the result cannot be cast to', () => {
    const out = torch.empty(3, { dtype: torch.int64 });
    expect(() => torch.exp(torch.tensor([0.5, 1.5, 2.5]), { out })).toThrow(
      "result type Float can't be cast to the desired output type Long",
    );
  });
  it('negative, absolute and fix are aliases', () => {
    const x = torch.tensor([-1.5, 2.5]);
    expect(torch.negative(x).tolist()).toEqual([1.5, -2.5]);
    expect(torch.absolute(x).tolist()).toEqual([1.5, 2.5]);
    expect(torch.fix(x).tolist()).toEqual([-1, 2]);
  });
  it('works on non-contiguous and empty tensors', () => {
    const x = torch.arange(6, { dtype: torch.float32 }).reshape(2, 3).t();
    expect(x.neg().tolist()).toEqual([[-0, -3], [-1, -4], [-2, -5]]);
    expect(torch.zeros(0, 3).exp().shape).toEqual(torch.Size.fromShape([0, 3]));
    expect(torch.tensor(-2).abs().item()).toBe(2);
  });
});
