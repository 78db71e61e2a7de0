// Binary elementwise ops against PyTorch 1.13 goldens (fixtures/gen_elementwise.py): values and
// dtypes for every op on many dtype pairs and JS scalars, options, broadcasting, in place, out=.
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import {
  expectOutcome, fromSpec, isError, loadFixture, type Outcome, type TensorSpec, type Tolerance,
} from '../fixtures/golden.js';

type Scalar = { scalar: number | boolean; kind: 'int' | 'float' | 'bool' };
type Operand = string | Scalar;
interface BinaryCase { op: torch.BinaryName; a: Operand; b: Operand; out: Outcome }
interface ExtraCase { desc: string; op: string; a: Operand; b: Operand | null; opts: Record<string, unknown>; out: Outcome }
interface InplaceCase extends ExtraCase { method: string }
interface OutCase { desc: string; outDtype: torch.DTypeName; outShape: number[]; out: Outcome }
interface Fixture {
  inputs: Record<string, TensorSpec>;
  binary: BinaryCase[];
  extra: ExtraCase[];
  inplace: InplaceCase[];
  outs: OutCase[];
}
const fx = loadFixture<Fixture>('elementwise-binary.json');

function operand(o: Operand): torch.Tensor | number | boolean {
  return typeof o === 'string' ? fromSpec(fx.inputs[o]!) : o.scalar;
}
const label = (o: Operand | null): string => (o === null ? '' : typeof o === 'string' ? o : `${o.kind} ${String(o.scalar)}`);

const exact = new Set([
  'add', 'sub', 'mul', 'div', 'maximum', 'minimum', 'floorDivide', 'eq', 'ne', 'lt', 'le', 'gt', 'ge',
  'logicalAnd', 'logicalOr', 'logicalXor', 'bitwiseAnd', 'bitwiseOr', 'bitwiseXor', 'fmod', 'remainder',
]);

function tolerance(op: string, out: Outcome): Tolerance {
  if (isError(out) || !('dtype' in out) || !out.dtype.startsWith('float')) return {};
  if (out.dtype === 'float16') return { rtol: 1e-3, atol: 1e-7 };
  if (exact.has(op)) return {};
  return out.dtype === 'float64' ? { rtol: 1e-13, atol: 1e-300 } : { rtol: 4e-7, atol: 1e-38 };
}

describe('binary ops match PyTorch (values, dtypes, errors)', () => {
  for (const c of fx.binary) {
    it(`${c.op}(${label(c.a)}, ${label(c.b)})`, () => {
      const a = operand(c.a), b = operand(c.b);
      const tol = tolerance(c.op, c.out);
      expectOutcome(() => torch.binaryFunctions[c.op](a, b), c.out, tol, 'function');
      if (a instanceof torch.Tensor) {
        expectOutcome(() => (a[c.op] as (o: typeof b) => torch.Tensor)(b), c.out, tol, 'method');
      }
    });
  }
});

describe('binary ops: options, special values, broadcasting', () => {
  for (const c of fx.extra) {
    it(c.desc, () => {
      const a = operand(c.a);
      const op = c.op;
      const fn = op === 'neg' || op === 'bitwiseNot'
        ? () => torch.unaryFunctions[op](a as torch.Tensor)
        : () => torch.binaryFunctions[op as torch.BinaryName](a, operand(c.b!), c.opts as torch.AlphaOptions);
      expectOutcome(fn, c.out, tolerance(op, c.out));
    });
  }
});

describe('in-place binary ops match PyTorch', () => {
  for (const c of fx.inplace) {
    it(c.desc, () => {
      const self = operand(c.a) as torch.Tensor;
      const b = operand(c.b!);
      const v0 = self.version;
      expectOutcome(() => {
        const r = (self[c.method as 'add_'] as (o: typeof b, opts?: unknown) => torch.Tensor)(b, c.opts);
        expect(r).toBe(self);
        expect(self.version).toBe(v0 + 1);
        return r;
      }, c.out);
      if (isError(c.out)) expect(self.version).toBe(v0);
    });
  }
});

describe('out= matches PyTorch', () => {
  const a = fromSpec(fx.inputs['float32:a']!), b = fromSpec(fx.inputs['float32:b']!);
  const calls: Record<string, (out: torch.Tensor) => torch.Tensor> = {
    'add out float64': (out) => torch.add(a, b, { out }),
    'add out resize': (out) => torch.add(a, b, { out }),
    'add out int from float': (out) => torch.add(a, b, { out }),
    'lt out float': (out) => torch.lt(a, b, { out }),
    'exp out float64': (out) => torch.exp(a, { out }),
    'neg out int32 from int64': (out) => torch.neg(fromSpec(fx.inputs['int64:a']!), { out }),
  };
  for (const c of fx.outs) {
    it(c.desc, () => {
      const out = torch.empty(c.outShape, { dtype: c.outDtype });
      expectOutcome(() => {
        expect(calls[c.desc]!(out)).toBe(out);
        return out;
      }, c.out);
    });
  }
});

describe('binary ops: JS-side behaviour', () => {
  it('aliases subtract, multiply, divide, trueDivide', () => {
    const x = torch.tensor([6, 3]);
    expect(torch.subtract(x, 1).tolist()).toEqual([5, 2]);
    expect(torch.multiply(x, 2).tolist()).toEqual([12, 6]);
    expect(torch.divide(x, 4).tolist()).toEqual([1.5, 0.75]);
    expect(torch.trueDivide(x, 4).dtype).toBe(torch.float32);
  });
  it('alpha is only for add and sub', () => {
    expect(() => torch.mul(torch.ones(2), 2, { alpha: 2 } as never)).toThrow("mul() got an unexpected keyword argument 'alpha'");
  });
  it('refuses tensors on two devices with PyTorch\'s message', () => {
    // Only one device exists here: a disposed tensor is refused instead.
    const t = torch.ones(2);
    t.dispose();
    expect(() => torch.add(t, 1)).toThrow('Tensor was disposed');
  });
  it('in-place on a non-contiguous view writes through to the base', () => {
    const base = torch.zeros(2, 3);
    base.t().add_(torch.tensor([1, 2]));
    expect(base.tolist()).toEqual([[1, 1, 1], [2, 2, 2]]);
  });
  it('in-place with a partially overlapping operand reads the old values', () => {
    const x = torch.tensor([1, 2, 3, 4]);
    x.index('1:').add_(x.index(':-1'));
    // PyTorch 1.13 refuses this ("unsupported operation: some elements of the input tensor and
    // the written-to tensor refer to a single memory location"); torchts reads the operand first.
    expect(x.tolist()).toEqual([1, 3, 5, 7]);
  });
});
