// Joining and splitting against PyTorch 1.13 goldens (fixtures/gen_join.py): cat/stack/hstack/
// vstack values, dtypes and errors; split/chunk/tensorSplit pieces as views (strides, offsets).
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { expectOutcome, loadFixture, type Outcome } from '../fixtures/golden.js';

interface Spec { shape: number[]; dtype: torch.DTypeName; start: number; t?: boolean }
interface JoinCase { op: 'cat' | 'stack' | 'hstack' | 'vstack'; tensors: Spec[]; args: number[]; out: Outcome }
interface SplitCase { op: 'split' | 'chunk' | 'tensorSplit'; x: Spec; args: (number | number[])[]; out: Outcome }
const fx = loadFixture<{ cases: JoinCase[]; splits: SplitCase[] }>('join.json');

function make(s: Spec): torch.Tensor {
  const n = s.shape.reduce((a, b) => a * b, 1);
  let x = s.dtype === 'bool'
    ? torch.arange(s.start, s.start + n).remainder(2).eq(1).reshape(s.shape)
    : torch.arange(s.start, s.start + n, { dtype: s.dtype }).reshape(s.shape);
  if (s.t) x = x.transpose(-1, -2);
  return x;
}
const label = (s: Spec): string => `${s.dtype}[${s.shape.join(',')}]${s.t ? '.mT' : ''}`;

describe('cat, stack, hstack, vstack match PyTorch', () => {
  for (const c of fx.cases) {
    it(`${c.op}([${c.tensors.map(label).join(', ')}]${c.args.map((a) => `, ${a}`).join('')})`, () => {
      const ts = c.tensors.map(make);
      const fn = torch[c.op] as (t: torch.Tensor[], ...a: unknown[]) => torch.Tensor;
      expectOutcome(() => fn(ts, ...c.args), c.out, {}, 'positional dim');
      if ((c.op === 'cat' || c.op === 'stack') && c.args.length) {
        expectOutcome(() => fn(ts, { dim: c.args[0] }), c.out, {}, 'dim option');
      }
    });
  }
});

describe('split, chunk, tensorSplit match PyTorch (views of the input)', () => {
  for (const c of fx.splits) {
    it(`${c.op}(${label(c.x)}, ${c.args.map((a) => JSON.stringify(a)).join(', ')})`, () => {
      const x = make(c.x);
      const fn = torch[c.op] as (t: torch.Tensor, ...a: unknown[]) => torch.Tensor[];
      expectOutcome(() => fn(x, ...c.args), c.out, {}, 'function');
      expectOutcome(() => (x[c.op] as (...a: unknown[]) => torch.Tensor[])(...c.args), c.out, {}, 'method');
    });
  }
});

describe('join: JS forms', () => {
  it('concat and concatenate are cat', () => {
    const a = torch.ones(1), b = torch.zeros(1);
    expect(torch.concat([a, b]).tolist()).toEqual([1, 0]);
    expect(torch.concatenate([a, b], { dim: 0 }).tolist()).toEqual([1, 0]);
  });
  it('cat with out', () => {
    const out = torch.empty(0, { dtype: torch.float64 });
    expect(torch.cat([torch.ones(2), torch.zeros(1)], 0, { out })).toBe(out);
    expect(out.dtype).toBe(torch.float64);
    expect(out.tolist()).toEqual([1, 1, 0]);
    expect(() => torch.cat([torch.ones(2)], { out: torch.empty(0, { dtype: torch.int64 }) })).toThrow(
      "torch.cat(): input types can't be cast to the desired output type Long",
    );
  });
  it('stack with out', () => {
    const out = torch.empty(0);
    torch.stack([torch.ones(2), torch.zeros(2)], { dim: 1, out });
    expect(out.tolist()).toEqual([[1, 0], [1, 0]]);
  });
  it('split pieces share storage with the input', () => {
    const x = torch.zeros(4);
    const [a, b] = x.split(2);
    b!.fill_(1);
    expect(x.tolist()).toEqual([0, 0, 1, 1]);
    expect(a!._storage).toBe(x._storage);
  });
  it('cat copies', () => {
    const a = torch.zeros(2);
    const c = torch.cat([a, a]);
    c.fill_(3);
    expect(a.tolist()).toEqual([0, 0]);
  });
  it('leaves no temporaries alive', () => {
    const a = torch.ones(2), b = torch.zeros(2), p = torch.full([2], 0.5);
    const base = torch.zeros(2, 3), t = base.t(), p2 = p.index(null);
    const before = torch.memory('cpu');
    torch.stack([a, b], 1).dispose();
    torch.hstack([a, b]).dispose();
    torch.vstack([a, b]).dispose();
    torch.cat([a, b]).dispose();
    torch.bernoulli(p).dispose();
    t.bernoulli_(p2);
    expect(torch.memory('cpu')).toEqual(before);
  });
  it('rowStack is vstack', () => {
    expect(torch.rowStack([torch.ones(2), torch.zeros(2)]).shape).toEqual(torch.Size.fromShape([2, 2]));
  });
});

describe('what joining records for autograd', () => {
  it('cat records offsets and sizes, stack its dim', async () => {
    const { installRecorder } = await import('./recording.js');
    const { log, uninstall } = installRecorder();
    try {
      const a = torch.ones(2, 2, { requiresGrad: true }), b = torch.ones(2, 3);
      torch.cat([a, torch.zeros(0), b], 1);
      expect(log.map((r) => r.op)).toEqual(['cat']);
      expect(log[0]!.args).toEqual({ dim: 1, inputShapes: [[2, 2], [0], [2, 3]], offsets: [0, 2, 2], sizes: [2, 0, 3] });
      log.length = 0;
      torch.stack([a, a], -1);
      expect(log).toHaveLength(1);
      expect(log[0]!.op).toBe('stack');
      expect(log[0]!.args).toEqual({ dim: 2 });
      log.length = 0;
      a.split(1);
      expect(log.map((r) => r.op)).toEqual(['narrow', 'narrow']);
    } finally {
      uninstall();
    }
  });
});
