// In-place random fills against PyTorch 1.13 goldens (fixtures/gen_random_inplace.py): after
// the same manual_seed, uniform_/normal_/random_/bernoulli_/bernoulli write PyTorch's numbers,
// also on transposed and sliced tensors (filled in memory order, as PyTorch does).
import '../setup.js';
import { describe, expect, it } from 'vitest';
import * as torch from '@torchts/core';
import { expectOutcome, loadFixture, type Outcome } from '../fixtures/golden.js';

interface Target { shape: number[]; dtype: torch.DTypeName; view?: 't' | 'narrow' | 'step' }
type Arg = number | { values: number[]; shape: number[]; dtype: torch.DTypeName };
interface Step { method: 'uniform_' | 'normal_' | 'random_' | 'bernoulli_' | 'bernoulli'; target?: Target; args?: Arg[] }
interface Case { desc: string; seed: number; generator: boolean; steps: Step[]; outs: Outcome[] }
const fx = loadFixture<{ cases: Case[] }>('random-inplace.json');

function target(t: Target): torch.Tensor {
  const { shape, dtype } = t;
  if (t.view === 't') return torch.zeros([...shape].reverse(), { dtype }).t();
  if (t.view === 'narrow') return torch.zeros(shape[0]!, shape[1]! + 2, { dtype }).narrow(1, 0, shape[1]!);
  if (t.view === 'step') return torch.zeros([shape[0]! * 2, ...shape.slice(1)], { dtype }).index('::2');
  return torch.zeros(shape, { dtype });
}

function arg(a: Arg): number | torch.Tensor {
  return typeof a === 'number' ? a : torch.tensor(a.values, { dtype: a.dtype }).reshape(a.shape);
}

describe('random fills match PyTorch after manualSeed', () => {
  for (const c of fx.cases) {
    it(c.desc, () => {
      const gen = c.generator ? new torch.Generator().manualSeed(c.seed) : undefined;
      torch.manualSeed(c.generator ? 12345 : c.seed);
      c.steps.forEach((s, i) => {
        const args = (s.args ?? []).map(arg);
        const opts = gen ? { generator: gen } : undefined;
        expectOutcome(() => {
          if (s.method === 'bernoulli') {
            const input = s.target ? target(s.target) : (args.shift() as torch.Tensor);
            return opts ? torch.bernoulli(input, ...(args as number[]), opts) : torch.bernoulli(input, ...(args as number[]));
          }
          const x = target(s.target!);
          const fn = x[s.method] as (...a: unknown[]) => torch.Tensor;
          // uniform_(from, to, opts) and normal_(mean, std, opts): defaults before the options.
          const defaults = s.method === 'uniform_' || s.method === 'normal_' ? [0, 1].slice(args.length) : [];
          const r = opts ? fn.call(x, ...args, ...defaults, opts) : fn.call(x, ...args);
          expect(r).toBe(x);
          return r;
        }, c.outs[i]!, {}, `step ${i} (${s.method})`);
      });
    });
  }
});

describe('random fills: JS forms', () => {
  it('bump the version and return the tensor', () => {
    const x = torch.zeros(3);
    expect(x.uniform_()).toBe(x);
    expect(x.version).toBe(1);
    x.normal_().random_(5).bernoulli_();
    expect(x.version).toBe(4);
  });
  it('a Generator gives an independent stream', () => {
    const g1 = new torch.Generator().manualSeed(1), g2 = new torch.Generator().manualSeed(1);
    const a = torch.empty(4).uniform_(0, 1, { generator: g1 });
    torch.rand(10); // the global generator does not matter
    const b = torch.empty(4).uniform_(0, 1, { generator: g2 });
    expect(a.tolist()).toEqual(b.tolist());
    const p = torch.full([3], 0.5);
    expect(torch.bernoulli(p, { generator: new torch.Generator().manualSeed(2) }).tolist())
      .toEqual(torch.bernoulli(p, { generator: new torch.Generator().manualSeed(2) }).tolist());
  });
  it('bernoulli_(options) uses p = 0.5', () => {
    const g = new torch.Generator().manualSeed(4);
    const x = torch.zeros(8).bernoulli_({ generator: g });
    expect((x.tolist() as number[]).every((v) => v === 0 || v === 1)).toBe(true);
  });
  it('expanded tensors are refused, as in PyTorch', () => {
    expect(() => torch.zeros(1).expand(3).uniform_()).toThrow(
      'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
    );
  });
  it('x.bernoulli() uses x as probabilities', () => {
    torch.manualSeed(0);
    const a = torch.tensor([0, 1, 0, 1], { dtype: torch.float32 }).bernoulli();
    expect(a.tolist()).toEqual([0, 1, 0, 1]);
  });
});

describe('what random fills record for autograd', () => {
  it('uniform_/normal_/random_/bernoulli_ record in place, with no args', async () => {
    const { installRecorder } = await import('./recording.js');
    const { log, uninstall } = installRecorder();
    try {
      const w = torch.ones(3, { requiresGrad: true });
      const y = w.mul(2);
      log.length = 0;
      y.uniform_().normal_().random_(3).bernoulli_(0.5);
      expect(log.map((r) => [r.op, r.inplace])).toEqual([['uniform', true], ['normal', true], ['random', true], ['bernoulli', true]]);
      expect(() => w.uniform_()).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
      expect(torch.noGrad(() => w.uniform_())).toBe(w);
    } finally {
      uninstall();
    }
  });
});
