import { describe, expect, it } from 'vitest';
import type { BinaryOp, ReduceOp, UnaryOp, View } from '@torchts/core';
import { cpuBackend } from '../../src/index.js';
import { roundBFloat16, roundBFloat16Range, roundBFloat16View } from '../../src/kernels/bfloat16.js';
import { dataOf } from '../../src/buffer.js';
import { expectMatches, loadCases, num, outView, viewOf, type Num, type OutSpec, type ViewSpec } from '../helpers.js';

interface BFloat16Case { name: string; values: Num[]; expected: OutSpec }

describe('roundBFloat16 (PyTorch golden: float64 -> bfloat16 over the whole float32 range)', () => {
  for (const c of loadCases<BFloat16Case>('bfloat16')) {
    it(c.name, () => {
      const got = c.values.map((v) => roundBFloat16(num(v)));
      // The golden holds the exact bfloat16 values (as doubles).
      expect(got).toEqual(c.expected.data.map(num));
    });
  }

  it('keeps NaN, infinities and signed zeros', () => {
    expect(roundBFloat16(NaN)).toBeNaN();
    expect(roundBFloat16(-NaN)).toBeNaN();
    expect(roundBFloat16(Infinity)).toBe(Infinity);
    expect(roundBFloat16(-1e39)).toBe(-Infinity);
    expect(Object.is(roundBFloat16(-0), -0)).toBe(true);
    expect(Object.is(roundBFloat16(-1e-50), -0)).toBe(true);
  });

  it('rounds a range and a strided view in place', () => {
    const a = new Float32Array([0.1, 0.2, 0.3]);
    roundBFloat16Range(a, 1, 3);
    expect(a[0]).toBe(Math.fround(0.1));
    expect([a[1], a[2]]).toEqual([0.2001953125, 0.30078125]);
    // A strided view over unrounded storage: only its two elements get rounded.
    const v = { ...viewOf({ dtype: 'float32', shape: [2], strides: [2], offset: 1, data: [0.1, 0.1, 0.1, 0.1] }) };
    roundBFloat16View(v);
    expect(Array.from(dataOf(v))).toEqual([Math.fround(0.1), 0.10009765625, Math.fround(0.1), 0.10009765625]);
  });
});

interface KernelCase {
  kind: string;
  name: string;
  expected: OutSpec;
  op?: string;
  src?: ViewSpec;
  a?: ViewSpec;
  b?: ViewSpec;
  out?: ViewSpec;
  index?: ViewSpec;
  input?: ViewSpec;
  weight?: ViewSpec;
  value?: number;
  shape?: number[];
  min?: number;
  max?: number;
  dims?: number[];
  dim?: number;
  log?: boolean;
}

/** Runs one kernel case of fixtures/kernels/bfloat16-kernels.json on the CPU backend; returns its output view. */
function runKernel(c: KernelCase): View {
  const out = () => outView(c.expected.dtype, c.expected.shape);
  const o = c.kind === 'scatterAdd' ? viewOf(c.out!) : out();
  switch (c.kind) {
    case 'copy': cpuBackend.copy(viewOf(c.src!), o); break;
    case 'fill': cpuBackend.fill(o, c.value!); break;
    case 'unary': cpuBackend.unary(c.op as UnaryOp, viewOf(c.src!), o); break;
    case 'binary': cpuBackend.binary(c.op as BinaryOp, viewOf(c.a!), viewOf(c.b!), o); break;
    case 'clamp': cpuBackend.clamp(viewOf(c.src!), c.min!, c.max!, o); break;
    case 'reduce': cpuBackend.reduce(c.op as ReduceOp, viewOf(c.src!), c.dims!, o); break;
    case 'matmul': cpuBackend.matmul(viewOf(c.a!), viewOf(c.b!), o); break;
    case 'cumulative': cpuBackend.cumulative(c.op as 'sum' | 'prod', viewOf(c.src!), c.dim!, o); break;
    case 'scatterAdd': cpuBackend.scatterAdd(o, c.dim!, viewOf(c.index!), viewOf(c.src!)); break;
    case 'softmax': cpuBackend.fused!.softmax!(viewOf(c.src!), c.log!, o); break;
    case 'conv2d':
      cpuBackend.fused!.conv2d!(viewOf(c.input!), viewOf(c.weight!), null,
        { stride: [1, 1], padding: [1, 1], dilation: [1, 1], groups: 1 }, o);
      break;
    default: throw new Error(`unknown kind ${c.kind}`);
  }
  return o;
}

describe('kernels writing bfloat16 round their results as PyTorch (goldens: fixtures/kernels/bfloat16-kernels.json)', () => {
  for (const c of loadCases<KernelCase>('bfloat16-kernels')) {
    it(c.name, () => {
      const o = runKernel(c);
      // Casts, fills and scatterAdd (rounding at every step, as PyTorch's CPU loop) are exact; the
      // rest compute in float64 and round once, PyTorch in float: one bfloat16 ulp at most apart.
      const exact = c.kind === 'copy' || c.kind === 'fill' || c.kind === 'scatterAdd';
      expectMatches(o, c.expected, c.name, exact ? { bfloat16: [0, 0], float16: [0, 0], float32: [0, 0], float64: [0, 0] } : {});
      if (c.expected.dtype === 'bfloat16') {
        // Every stored value is a bfloat16 (the storage invariant).
        const values = Array.from(cpuBackend.read(o));
        expect(values.map(roundBFloat16)).toEqual(values);
      }
    });
  }
});
