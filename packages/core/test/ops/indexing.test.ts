// Indexing against PyTorch 1.13 goldens (fixtures/gen_indexing.py): x.index(...) as x[...]
// (values, shapes, strides, offsets, storage sharing, errors) and x.indexPut_(...) as
// x[...] = value and index_put_(..., accumulate).
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { expectOutcome, expectTensor, fromSpec, isError, loadFixture, type Outcome, type TensorSpec } from '../fixtures/golden.js';

type Item = number | boolean | string | null | { list: unknown[] } | { tensor: TensorSpec };
type Op = [string, ...number[]];
interface GetCase { shape: number[]; dtype: torch.DTypeName; pre: Op[]; index: Item[]; out: Outcome; shares?: boolean }
interface PutCase extends GetCase { value: number | boolean | { tensor: TensorSpec }; accumulate?: boolean }
const fx = loadFixture<{ get: GetCase[]; put: PutCase[] }>('indexing.json');

function base(shape: number[], dtype: torch.DTypeName): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  if (dtype === 'bool') return torch.arange(n).remainder(2).eq(1).reshape(shape);
  return torch.arange(n, { dtype }).reshape(shape);
}

function apply(x: torch.Tensor, pre: Op[]): torch.Tensor {
  for (const [name, ...args] of pre) x = (x[name as 'transpose'] as (...a: number[]) => torch.Tensor)(...args);
  return x;
}

function item(i: Item): torch.IndexItem {
  if (i !== null && typeof i === 'object') return 'list' in i ? (i.list as torch.IndexItem) : fromSpec(i.tensor);
  return i;
}

const label = (index: Item[]): string =>
  `[${index.map((i) => (i !== null && typeof i === 'object' ? ('list' in i ? JSON.stringify(i.list) : `tensor(${i.tensor.dtype} ${JSON.stringify(i.tensor.values)})`) : JSON.stringify(i))).join(', ')}]`;

describe('index() matches PyTorch x[...]', () => {
  for (const c of fx.get) {
    const pre = c.pre.length ? `.${c.pre.map((p) => p[0]).join('.')}()` : '';
    it(`arange([${c.shape.join(', ')}], ${c.dtype})${pre}${label(c.index)}`, () => {
      const x = apply(base(c.shape, c.dtype), c.pre);
      let r: torch.Tensor | null = null;
      expectOutcome(() => (r = x.index(...c.index.map(item))), c.out);
      if (!isError(c.out) && c.shares !== undefined && r!.numel() > 0) {
        expect(r!._storage === x._storage, 'shares storage').toBe(c.shares);
      }
    });
  }
});

describe('indexPut_ matches PyTorch x[...] = value and index_put_', () => {
  for (const c of fx.put) {
    const pre = c.pre.length ? `.${c.pre.map((p) => p[0]).join('.')}()` : '';
    const value = typeof c.value === 'object' ? `tensor(${JSON.stringify(c.value.tensor.values)})` : String(c.value);
    const acc = c.accumulate !== undefined ? `, accumulate=${c.accumulate}` : '';
    it(`arange([${c.shape.join(', ')}], ${c.dtype})${pre}${label(c.index)} = ${value}${acc}`, () => {
      const x = base(c.shape, c.dtype);
      const view = apply(x, c.pre);
      const v = typeof c.value === 'object' ? fromSpec(c.value.tensor) : c.value;
      const v0 = x.version;
      expectOutcome(() => {
        const r = view.indexPut_(c.index.map(item), v, c.accumulate ?? false);
        expect(r).toBe(view);
        return x;
      }, c.out);
      expect(x.version).toBe(isError(c.out) ? v0 : v0 + 1);
    });
  }
});

describe('index and indexPut: JS forms', () => {
  it('indexPut (out of place) leaves the input alone', () => {
    const x = torch.zeros(3);
    const y = torch.indexPut(x, [torch.tensor([0, 0, 2])], torch.tensor([1, 2, 3], { dtype: torch.float32 }), true);
    expect(y.tolist()).toEqual([3, 0, 3]);
    expect(x.tolist()).toEqual([0, 0, 0]);
    expect(x.indexPut([1], 5).tolist()).toEqual([0, 5, 0]);
  });
  it('accumulate is accepted as an option object', () => {
    const x = torch.zeros(3);
    x.indexPut_([[1, 1]], torch.tensor([2, 3], { dtype: torch.float32 }), { accumulate: true });
    expect(x.tolist()).toEqual([0, 5, 0]);
  });
  it('basic-index views write through to the base', () => {
    const x = torch.zeros(2, 3);
    x.index(':', 1).fill_(4);
    x.index(1, '1:').add_(1);
    expect(x.tolist()).toEqual([[0, 4, 0], [0, 5, 1]]);
  });
  it('a mask from a comparison', () => {
    const x = torch.tensor([[1, -2], [-3, 4]]);
    expect(x.index(x.gt(0)).tolist()).toEqual([1, 4]);
    x.indexPut_([x.lt(0)], 0);
    expect(x.tolist()).toEqual([[1, 0], [0, 4]]);
  });
  it('refuses strings that are not slices, and fractional numbers', () => {
    const x = torch.zeros(3);
    expect(() => x.index('a:b')).toThrow(torch.IndexError);
    expect(() => x.index(1.5)).toThrow(
      'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)',
    );
  });
  it('advanced indexing copies; its result is contiguous like PyTorch\'s', () => {
    const x = torch.arange(24).reshape(2, 3, 4);
    const r = x.index(':', [0, 2]);
    expect(r._storage).not.toBe(x._storage);
    expect(r.isContiguous()).toBe(true);
    expectTensor(r, { dtype: 'int64', shape: [2, 2, 4], values: [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 20, 21, 22, 23] });
  });
  it('index tensors on the host side are not modified', () => {
    const i = torch.tensor([-1, 0]);
    torch.zeros(3).index(i);
    expect(i.tolist()).toEqual([-1, 0]);
  });
  it('leaves no temporaries alive', () => {
    const x = torch.arange(24).reshape(2, 3, 4);
    const mask = x.gt(5), mask2 = torch.zeros(3, 4, { dtype: torch.bool }), seven = torch.tensor([7]);
    const before = torch.memory('cpu');
    x.index(0, ':', [1, 2]).dispose();
    x.index([0, 1], '1:', [1, 2]).dispose();
    x.index(mask).dispose();
    x.index(1, '::2').dispose();
    x.indexPut_([[0, 1], ':', 0], 5);
    x.indexPut_([1, '1:'], seven);
    x.indexPut_([0, mask2], 1, true);
    x.indexPut_([mask], seven);
    expect(torch.memory('cpu')).toEqual(before);
  });
  it('a leaf that requires grad cannot be written in place', () => {
    // Without @torchts/autograd, requiresGrad itself is refused with a message naming the package.
    expect(() => torch.zeros(2, { requiresGrad: true })).toThrow('@torchts/autograd');
  });
});

describe('what indexing records for autograd', () => {
  it('basic indices record their view ops, advanced ones record index with the plan', async () => {
    const { installRecorder } = await import('./recording.js');
    const { log, uninstall } = installRecorder();
    try {
      const x = torch.ones(2, 3, { requiresGrad: true });
      x.index(0, [0, -1]);
      expect(log.map((r) => r.op)).toEqual(['select', 'index']);
      const idx = log[1]!;
      expect(idx.args.inputShape).toEqual([3]);
      const indices = idx.args.indices as (torch.Tensor | null)[];
      expect(indices.map((t) => t?.tolist() ?? null)).toEqual([[0, 2]]);
      log.length = 0;
      x.index(':', [1]);
      expect(log.map((r) => r.op)).toEqual(['slice', 'index']);
      expect((log[1]!.args.indices as (torch.Tensor | null)[]).map((t) => t?.tolist() ?? null)).toEqual([null, [1]]);
      log.length = 0;
      x.index(x.detach().gt(0));
      expect((log[0]!.args.indices as torch.Tensor[]).map((t) => t.tolist())).toEqual([[0, 0, 0, 1, 1, 1], [0, 1, 2, 0, 1, 2]]);
      log.length = 0;
      x.index('...');
      x.index(null);
      expect(log.map((r) => r.op)).toEqual(['alias', 'unsqueeze']);
      log.length = 0;
      const y = x.mul(1);
      const v = torch.ones(2, { requiresGrad: true });
      y.indexPut_([':', [0]], v.index(':', null), true);
      const put = log.find((r) => r.op === 'indexPut')!;
      expect(put.inplace).toBe(true);
      expect(put.args.accumulate).toBe(true);
      expect(put.args.valueShape).toEqual([2, 1]);
      const items = put.args.indices as torch.IndexItem[];
      expect(items[0]).toBe(':');
      expect((items[1] as torch.Tensor).tolist()).toEqual([0]);
      expect(put.inputs[1]).not.toBeNull();
      expect(() => x.indexPut_([0], 1)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    } finally {
      uninstall();
    }
  });
});
