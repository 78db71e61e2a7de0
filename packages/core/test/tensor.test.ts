// The Tensor class (src/tensor.ts): layout properties against PyTorch 1.13 goldens
// (fixtures/gen_misc.py), version counters, detach/data, printing hooks, autograd guards.
import './setup.js';
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import * as torch from '@torchts/core';
import { loadFixture } from './fixtures/golden.js';

interface PrintCase { name: string; dtype: string; shape: number[]; values: (number | string)[] | null;
  expected: string; options?: unknown; defaultDtype?: string; requiresGrad?: boolean }

interface Props { name: string; shape: number[]; stride: number[]; offset: number; contiguous: boolean; dim: number; numel: number; str: string }
const fx = loadFixture<{ tensorProps: Props[] }>('misc.json');

describe('layout properties match PyTorch', () => {
  const x = torch.arange(24, { dtype: torch.float32 }).reshape(2, 3, 4);
  const views: Record<string, torch.Tensor> = {
    base: x,
    t: x.transpose(0, 2),
    narrow: x.index(':', '1:', '::2'),
    select: x.index(1),
  };
  for (const c of fx.tensorProps) {
    it(c.name, () => {
      const t = views[c.name]!;
      expect([...t.shape]).toEqual(c.shape);
      expect(t.stride()).toEqual(c.stride);
      expect(t.storageOffset()).toBe(c.offset);
      expect(t.isContiguous()).toBe(c.contiguous);
      expect(t.dim()).toBe(c.dim);
      expect(t.numel()).toBe(c.numel);
      expect(String(t.shape)).toBe(c.str);
    });
  }
});

describe('Tensor', () => {
  it('isTensor and the dtype/device getters', () => {
    const x = torch.zeros(2, { dtype: torch.int16 });
    expect(torch.isTensor(x)).toBe(true);
    expect(torch.isTensor([1])).toBe(false);
    expect(x.dtype).toBe(torch.int16);
    expect(x.isFloatingPoint()).toBe(false);
    expect(String(x.device)).toBe('cpu');
  });
  it('in-place ops bump a version counter shared with views', () => {
    const x = torch.zeros(3);
    const v = x.index('1:');
    expect(x.version).toBe(0);
    x.add_(1);
    v.mul_(2);
    expect(x.version).toBe(2);
    expect(v.version).toBe(2);
  });
  it('detach shares storage and the version counter; data shares storage only', () => {
    const x = torch.zeros(2);
    const d = x.detach();
    d.fill_(1);
    expect(x.tolist()).toEqual([1, 1]);
    expect(x.version).toBe(1);
    x.data.fill_(2);
    expect(x.tolist()).toEqual([2, 2]);
    expect(x.version).toBe(1);
  });
  it('assigning data swaps the storage', () => {
    const x = torch.zeros(2);
    x.data = torch.ones(3);
    expect(x.tolist()).toEqual([1, 1, 1]);
    expect([...x.shape]).toEqual([3]);
  });
  it('prints as PyTorch prints, also through util.inspect', () => {
    const x = torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 });
    expect(String(x)).toBe('tensor([[1., 2.],\n        [3., 4.]])');
    expect(inspect(x)).toBe(String(x));
    expect(String(torch.tensor([1, 2]))).toBe('tensor([1, 2])');
  });
  it('prints bfloat16 tensors as PyTorch does, end to end (fixtures/gen_printing.py)', () => {
    // The bfloat16 cases of printing.json, rebuilt from values PyTorch rounded: torch.tensor rounds
    // them again (a no-op) and String() goes through the CPU backend's reads.
    const cases = loadFixture<{ cases: PrintCase[] }>('printing.json').cases
      .filter((c) => c.dtype === 'bfloat16' && c.values && !c.options && !c.defaultDtype && !c.requiresGrad);
    expect(cases.length).toBeGreaterThan(8);
    for (const c of cases) {
      const values = c.values!.map((v): number => (v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : Number(v)));
      const x = torch.tensor(values, { dtype: torch.bfloat16 }).reshape(c.shape);
      expect(String(x), c.name).toBe(c.expected);
    }
    expect(String(torch.tensor([0.1, 1000.7]).bfloat16())).toBe('tensor([1.0010e-01, 1.0000e+03], dtype=torch.bfloat16)');
  });
  it('requiresGrad needs @torchts/autograd, and only floats may require grad', () => {
    expect(() => torch.zeros(1).requiresGrad_()).toThrow('requiresGrad: true needs automatic differentiation: install @torchts/autograd');
    expect(torch.zeros(1).requiresGrad_(false).requiresGrad).toBe(false);
    expect(() => torch.zeros(1).backward()).toThrow('backward() needs automatic differentiation');
  });
  it('a fresh tensor is a leaf without grad', () => {
    const x = torch.zeros(1);
    expect(x.isLeaf).toBe(true);
    expect(x.grad).toBeNull();
    expect(x.gradFn).toBeNull();
    expect(() => x.retainGrad()).toThrow("can't retain_grad on Tensor that has requires_grad=False");
  });
});
