// View ops against PyTorch 1.13 goldens (fixtures/gen_views.py): values, shapes, strides,
// storage offsets, contiguity, storage sharing and error messages; plus writes through views.
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { expectOutcome, isError, loadFixture, type Outcome } from '../fixtures/golden.js';

type Op = [string, ...unknown[]];
interface ViewCase { shape: number[]; dtype: torch.DTypeName; pre: Op[]; ops: Op[]; out: Outcome; shares?: boolean }
const fx = loadFixture<{ cases: ViewCase[] }>('views.json');

function apply(x: torch.Tensor, ops: Op[]): torch.Tensor | torch.Tensor[] {
  let r: torch.Tensor | torch.Tensor[] = x;
  for (const [name, ...args] of ops) {
    const t = r as torch.Tensor;
    if (name === 'T' || name === 'mT') r = t[name];
    else if (name === 'viewAs' || name === 'reshapeAs' || name === 'expandAs') r = t[name](torch.empty(args[0] as number[]));
    else r = (t[name as 'view'] as (...a: unknown[]) => torch.Tensor)(...args);
  }
  return r;
}

const label = (ops: Op[]): string => ops.map(([n, ...a]) => `${n}(${a.map((v) => JSON.stringify(v)).join(', ')})`).join('.');

describe('view ops match PyTorch', () => {
  for (const c of fx.cases) {
    const pre = c.pre.length ? `${label(c.pre)}.` : '';
    it(`[${c.shape.join(', ')}] ${c.dtype}: ${pre}${label(c.ops)}`, () => {
      const base = torch.arange(c.shape.reduce((a, b) => a * b, 1), { dtype: c.dtype }).reshape(c.shape);
      const x = apply(base, c.pre) as torch.Tensor;
      let result: torch.Tensor | torch.Tensor[] | null = null;
      expectOutcome(() => (result = apply(x, c.ops)), c.out);
      if (!isError(c.out) && c.shares !== undefined) {
        expect((result as unknown as torch.Tensor)._storage === base._storage, 'shares storage').toBe(c.shares);
      }
    });
  }
});

describe('views share storage with their base', () => {
  it('writes through a view are seen in the base and the other way round', () => {
    const base = torch.zeros(3, 4);
    const row = base.select(0, 1);
    row.fill_(7);
    expect((base.tolist() as number[][])[1]).toEqual([7, 7, 7, 7]);
    const col = base.t().narrow(0, 2, 1);
    col.add_(1);
    expect((base.tolist() as number[][]).map((r) => r[2])).toEqual([1, 8, 1]);
    base.zero_();
    expect(row.tolist()).toEqual([0, 0, 0, 0]);
  });
  it('views share the version counter of their base', () => {
    const base = torch.zeros(4);
    const v = base.view(2, 2);
    expect(v.version).toBe(base.version);
    v.add_(1);
    expect(base.version).toBe(1);
    expect(v.version).toBe(1);
  });
  it('reshape copies only when it must', () => {
    const x = torch.arange(12).reshape(3, 4);
    expect(x.reshape(4, 3)._storage).toBe(x._storage);
    expect(x.t().reshape(12)._storage).not.toBe(x._storage);
    expect(x.t().contiguous().isContiguous()).toBe(true);
    expect(x.contiguous()).toBe(x);
  });
  it('expand gives 0 strides and writes through them reach one element', () => {
    const x = torch.tensor([[1], [2]]);
    const e = x.expand(2, 3);
    expect(e.stride()).toEqual([1, 0]);
    expect(e.tolist()).toEqual([[1, 1, 1], [2, 2, 2]]);
  });
  it('size(), dim(), numel() and negative dims', () => {
    const x = torch.zeros(2, 3, 4);
    expect(x.size(-1)).toBe(4);
    expect(x.size(0)).toBe(2);
    expect(() => x.size(3)).toThrow('Dimension out of range (expected to be in range of [-3, 2], but got 3)');
    expect(x.dim()).toBe(3);
    expect(x.ndim).toBe(3);
    expect(x.numel()).toBe(24);
    expect(x.stride(-1)).toBe(1);
  });
  it('the torch.* forms', () => {
    const x = torch.arange(6).reshape(2, 3);
    expect(torch.reshape(x, [3, 2]).shape).toEqual(torch.Size.fromShape([3, 2]));
    expect(torch.permute(x, [1, 0]).tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(torch.transpose(x, 0, 1).tolist()).toEqual(torch.t(x).tolist());
    expect(torch.swapaxes(x, 0, 1).tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    expect(torch.squeeze(x.unsqueeze(0)).shape).toEqual(x.shape);
    expect(torch.unsqueeze(x, 1).shape).toEqual(torch.Size.fromShape([2, 1, 3]));
    expect(torch.flatten(x).tolist()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(torch.unflatten(torch.flatten(x), 0, [3, 2]).tolist()).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(torch.narrow(x, 1, 1, 2).tolist()).toEqual([[1, 2], [4, 5]]);
    expect(torch.select(x, 1, 0).tolist()).toEqual([0, 3]);
    expect(torch.unbind(x).map((t) => t.tolist())).toEqual([[0, 1, 2], [3, 4, 5]]);
    expect(torch.movedim(x, 0, 1).tolist()).toEqual([[0, 3], [1, 4], [2, 5]]);
    const c = torch.clone(x);
    expect(c._storage).not.toBe(x._storage);
    expect(c.tolist()).toEqual(x.tolist());
  });
});
