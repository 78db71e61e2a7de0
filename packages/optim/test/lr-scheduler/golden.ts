// Shared by the scheduler tests: reads the PyTorch goldens of fixtures/gen_lr_scheduler.py and
// replays each case (an optimizer with two groups, a scheduler, a list of steps) in torchts.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { float32, zeros, type Tensor } from '@torchts/core';
import { Adam, lrScheduler, type Optimizer, SGD } from '@torchts/optim';

type Action = 'step' | { epoch: number } | { metric: number };

interface Snapshot {
  lr: number[];
  momentum?: number[];
  betas?: number[][];
  last_lr?: number[];
}

interface SchedulerState {
  keys: string[];
  values: Record<string, unknown>;
}

/** One scheduler run of the goldens. */
export interface SchedCase {
  scheduler: string;
  args: unknown[];
  options: Record<string, unknown>;
  lambdas: string | string[] | null;
  optimizer: 'SGD' | 'Adam';
  actions: Action[];
  initial: Snapshot;
  initial_last_lr: number[] | null;
  after: Snapshot[];
  mid: number;
  mid_state: { scheduler: SchedulerState; groups: Snapshot };
  final_state: SchedulerState;
  param_group_keys: string[][];
  param_groups: Record<string, unknown>[];
  repr: string;
}

/** The scheduler goldens. */
export interface SchedGoldens {
  cases: SchedCase[];
  resume: { lrs: number[]; state: SchedulerState };
  errors: Record<string, { type: string; message: string }>;
}

export const goldens = JSON.parse(
  readFileSync(new URL('../fixtures/lr_scheduler.json', import.meta.url), 'utf8'),
) as SchedGoldens;

/** The lambdas of the generator, by name. */
export const LAMBDAS: Record<string, (e: number) => number> = {
  exp95: (e) => 0.95 ** e,
  inv: (e) => 1 / (e + 1),
  half2: (e) => 0.5 ** Math.floor(e / 2),
};

/** A scheduler of any kind. */
export type AnyScheduler = lrScheduler.LRScheduler | lrScheduler.ReduceLROnPlateau;

/** The cases of one scheduler, named for `it.each`. */
export function casesOf(name: string): (readonly [string, SchedCase])[] {
  return goldens.cases
    .filter((c) => c.scheduler === name)
    .map((c) => [`${c.optimizer} ${JSON.stringify(c.args)} ${JSON.stringify(c.options)} ${c.lambdas ?? ''}`, c] as const);
}

/** The generator's optimizer: SGD (momentum 0.9) or Adam over two groups with lr 0.1 and 0.01. */
export function makeOptimizer(kind: 'SGD' | 'Adam'): { opt: Optimizer<object, object>; params: Tensor[] } {
  const params = [zeros(2).requiresGrad_(true), zeros(2).requiresGrad_(true)];
  for (const p of params) p.grad = zeros(2, { dtype: float32 });
  const groups = [{ params: [params[0]!], lr: 0.1 }, { params: [params[1]!], lr: 0.01 }];
  const opt = kind === 'SGD' ? new SGD(groups, { lr: 0.1, momentum: 0.9 }) : new Adam(groups, { lr: 0.1 });
  return { opt: opt as unknown as Optimizer<object, object>, params };
}

/** The case's scheduler on `opt`. */
export function makeScheduler(c: SchedCase, opt: Optimizer<object, object>): AnyScheduler {
  const o = c.options as never;
  const a = c.args as never[];
  switch (c.scheduler) {
    case 'StepLR': return new lrScheduler.StepLR(opt, a[0]!, o);
    case 'MultiStepLR': return new lrScheduler.MultiStepLR(opt, a[0]!, o);
    case 'ExponentialLR': return new lrScheduler.ExponentialLR(opt, a[0]!, o);
    case 'CosineAnnealingLR': return new lrScheduler.CosineAnnealingLR(opt, a[0]!, o);
    case 'OneCycleLR': return new lrScheduler.OneCycleLR(opt, a[0]!, o);
    case 'ReduceLROnPlateau': return new lrScheduler.ReduceLROnPlateau(opt, o);
    case 'LambdaLR': {
      const l = c.lambdas!;
      return new lrScheduler.LambdaLR(opt, Array.isArray(l) ? l.map((n) => LAMBDAS[n]!) : LAMBDAS[l]!, o);
    }
    default: throw new Error(`unknown scheduler ${c.scheduler}`);
  }
}

/** Runs one action: `optimizer.step()` then the scheduler's step. */
export function act(opt: Optimizer<object, object>, sched: AnyScheduler, a: Action): void {
  opt.step();
  if (a === 'step') (sched as lrScheduler.LRScheduler).step();
  else if ('epoch' in a) (sched as lrScheduler.LRScheduler).step(a.epoch);
  else (sched as lrScheduler.ReduceLROnPlateau).step(a.metric);
}

/** Numbers equal to double rounding (JS's Math.cos and `**` may differ from C's in the last bit). */
export function expectNumbers(actual: unknown, expected: unknown, what: string): void {
  if (Array.isArray(expected)) {
    expect(Array.isArray(actual), `${what} is an array`).toBe(true);
    expect((actual as unknown[]).length, `${what} length`).toBe(expected.length);
    expected.forEach((e, i) => expectNumbers((actual as unknown[])[i], e, `${what}[${i}]`));
    return;
  }
  if (typeof expected === 'number') {
    const a = actual as number;
    if (!(Math.abs(a - expected) <= 1e-15 + 1e-12 * Math.abs(expected))) {
      expect.fail(`${what}: got ${a}, PyTorch ${expected}`);
    }
    return;
  }
  if (expected === 'inf' || expected === '-inf') {
    expect(actual, what).toBe(expected === 'inf' ? Infinity : -Infinity);
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    for (const [k, v] of Object.entries(expected)) expectNumbers((actual as Record<string, unknown>)[k], v, `${what}.${k}`);
    return;
  }
  expect(actual, what).toEqual(expected);
}

/** Checks the optimizer's groups against a snapshot (lr, momentum or betas). */
export function expectSnapshot(opt: Optimizer<object, object>, snap: Snapshot, what: string): void {
  const groups = opt.paramGroups as Record<string, unknown>[];
  expectNumbers(groups.map((g) => g.lr), snap.lr, `${what} lr`);
  if (snap.momentum) expectNumbers(groups.map((g) => g.momentum), snap.momentum, `${what} momentum`);
  if (snap.betas) expectNumbers(groups.map((g) => g.betas), snap.betas, `${what} betas`);
}

/** A state value of the goldens as torchts holds it (`'inf'` -> Infinity). */
export function decode(v: unknown): unknown {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v;
}

/** PyTorch 1.13 saves OneCycleLR's anneal function itself; torchts saves its kind (as PyTorch 2.2+). */
function torchtsKey(k: string): string {
  return k === 'anneal_func' ? '_anneal_func_type' : k;
}

/** Checks a torchts scheduler state dict against PyTorch's: the same keys in order, the same values. */
export function expectState(actual: Record<string, unknown>, gold: SchedulerState, what: string): void {
  expect(Object.keys(actual), `${what} keys`).toEqual(gold.keys.map(torchtsKey));
  for (const [k, v] of Object.entries(gold.values)) {
    if (k === 'anneal_func') continue;
    if (k === 'lr_lambdas') {
      expect(actual[k], `${what}.${k}`).toEqual((v as unknown[]).map(() => null));
      continue;
    }
    expectNumbers(actual[k], v, `${what}.${k}`);
  }
}

/** Replays a case: the lrs (and momenta) after construction and after every action equal PyTorch's. */
export function checkSequence(c: SchedCase): void {
  const { opt } = makeOptimizer(c.optimizer);
  const sched = makeScheduler(c, opt);
  expectSnapshot(opt, c.initial, 'after construction');
  if (c.initial_last_lr) expectNumbers(sched.getLastLr(), c.initial_last_lr, 'getLastLr() after construction');
  c.actions.forEach((a, i) => {
    act(opt, sched, a);
    expectSnapshot(opt, c.after[i]!, `after action ${i + 1}`);
    expectNumbers(sched.getLastLr(), c.after[i]!.last_lr, `getLastLr() after action ${i + 1}`);
  });
  expectState(sched.stateDict(), c.final_state, 'final state dict');
  const groups = opt.stateDict().param_groups;
  expect(groups.map((g) => Object.keys(g))).toEqual(c.param_group_keys);
  groups.forEach((g, i) => {
    const { params: _p, ...rest } = c.param_groups[i]!;
    expectNumbers(g, rest, `param_groups[${i}]`);
  });
}

/**
 * Loads PyTorch's scheduler state half way into a fresh scheduler (on an optimizer whose
 * groups hold PyTorch's lrs then) and continues: the rest of the sequence equals PyTorch's.
 */
export function checkResume(c: SchedCase): void {
  const { opt } = makeOptimizer(c.optimizer);
  const sched = makeScheduler(c, opt);
  const groups = opt.paramGroups as Record<string, unknown>[];
  const snap = c.mid_state.groups;
  groups.forEach((g, i) => {
    g.lr = snap.lr[i];
    if (snap.momentum) g.momentum = snap.momentum[i];
    if (snap.betas) g.betas = snap.betas[i];
  });
  sched.loadStateDict(decode(c.mid_state.scheduler.values) as Record<string, unknown>);
  for (let i = c.mid; i < c.actions.length; i++) {
    act(opt, sched, c.actions[i]!);
    expectSnapshot(opt, c.after[i]!, `after action ${i + 1}`);
  }
}

/** `String(optimizer)` after the scheduler attached equals PyTorch's repr (with `initial_lr`, ...). */
export function checkRepr(c: SchedCase): void {
  const { opt } = makeOptimizer(c.optimizer);
  const sched = makeScheduler(c, opt);
  for (const a of c.actions) act(opt, sched, a);
  expect(String(opt)).toBe(c.repr);
}
