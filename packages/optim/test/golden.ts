// Shared by the optimizer tests: reads the PyTorch goldens of fixtures/gen_optimizers.py and
// replays each case (parameters and gradients given explicitly) in torchts.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { tensor, type NestedArray, type Tensor } from '@torchts/core';
import {
  Adadelta, Adagrad, Adam, AdamW, type Optimizer, type OptimizerStateDict, RMSprop, SGD,
} from '@torchts/optim';

type Nested = number | Nested[];

/** A tensor as the generator writes it. */
export interface EncodedTensor {
  tensor: Nested;
  dtype: string;
  shape: number[];
}

/** A state dict as the generator writes it, with the key orders PyTorch used. */
export interface EncodedStateDict {
  state: Record<string, Record<string, unknown>>;
  state_keys: Record<string, string[]>;
  param_groups: Record<string, unknown>[];
  param_group_keys: string[][];
}

/** One optimizer run of the goldens. */
export interface OptimCase {
  name: 'SGD' | 'Adam' | 'AdamW' | 'RMSprop' | 'Adagrad' | 'Adadelta';
  options: Record<string, unknown>;
  dtype: 'float32' | 'float64';
  params: Nested[];
  grads: (Nested | null)[][];
  trajectory: Nested[][];
  mid_state_dict: EncodedStateDict;
  repr: string;
  groups?: { params: number[]; options: Record<string, unknown> }[];
}

/** The optimizer goldens. */
export interface OptimGoldens {
  steps: number;
  mid: number;
  cases: OptimCase[];
  errors: Record<string, { type: string; message: string }>;
}

export const goldens = JSON.parse(
  readFileSync(new URL('./fixtures/optimizers.json', import.meta.url), 'utf8'),
) as OptimGoldens;

const classes = { SGD, Adam, AdamW, RMSprop, Adagrad, Adadelta } as const;

/** A readable name of a case for `it.each`. */
export function caseName(c: OptimCase): string {
  return `${c.name}(${JSON.stringify(c.options)})${c.groups ? ' with groups' : ''} ${c.dtype}`;
}

/** The cases of one optimizer. */
export function casesOf(name: OptimCase['name']): OptimCase[] {
  return goldens.cases.filter((c) => c.name === name);
}

/** Leaf tensors holding `values`, requiring grad. */
export function makeParams(values: Nested[], dtype: string): Tensor[] {
  return values.map((v) => tensor(v as NestedArray, { dtype: dtype as 'float32' }).requiresGrad_(true));
}

/** Builds the case's optimizer over `params`. */
export function makeOptimizer(c: OptimCase, params: Tensor[]): Optimizer<object, object> {
  const Cls = classes[c.name] as unknown as new (p: unknown, o: unknown) => Optimizer<object, object>;
  if (!c.groups) return new Cls(params, c.options);
  return new Cls(
    c.groups.map((g) => ({ params: g.params.map((i) => params[i]!), ...g.options })),
    c.options,
  );
}

/** Sets each parameter's `.grad` to the golden gradient of `step` (null where PyTorch had None). */
export function setGrads(c: OptimCase, params: Tensor[], step: number): void {
  c.grads[step]!.forEach((g, i) => {
    params[i]!.grad = g === null ? null : tensor(g as NestedArray, { dtype: c.dtype });
  });
}

function flat(x: unknown): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x as number];
}

/**
 * Checks `actual` against PyTorch's values: to float32 rounding (a few ulps, as PyTorch's
 * vectorized kernels fuse multiply-adds) or float64 rounding.
 */
export function expectClose(actual: Tensor, expected: Nested, dtype: string, what: string): void {
  const a = Array.from(actual.toTypedArray() as Float32Array);
  const e = flat(expected);
  expect(a.length, what).toBe(e.length);
  const [rtol, atol] = dtype === 'float64' ? [1e-12, 1e-14] : [2e-6, 1e-7];
  for (let i = 0; i < e.length; i++) {
    const tol = atol + rtol * Math.abs(e[i]!);
    if (!(Math.abs(a[i]! - e[i]!) <= tol)) {
      expect.fail(`${what}[${i}]: got ${a[i]}, PyTorch ${e[i]} (diff ${Math.abs(a[i]! - e[i]!)})`);
    }
  }
}

/** A state-dict value from the goldens as torchts values (tensors, Infinity). */
export function decode(v: unknown): unknown {
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('tensor' in o && 'dtype' in o) return tensor(o.tensor as NestedArray, { dtype: o.dtype as 'float32' });
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decode(x)]));
  }
  return v;
}

/** PyTorch's state dict from the goldens, as `loadStateDict` takes it. */
export function decodeStateDict(sd: EncodedStateDict): OptimizerStateDict {
  return {
    state: decode(sd.state) as OptimizerStateDict['state'],
    param_groups: decode(sd.param_groups) as OptimizerStateDict['param_groups'],
  };
}

/** Replays the whole case: every step's parameters equal PyTorch's. */
export function checkTrajectory(c: OptimCase): void {
  const params = makeParams(c.params, c.dtype);
  const opt = makeOptimizer(c, params);
  for (let step = 0; step < goldens.steps; step++) {
    setGrads(c, params, step);
    opt.step();
    params.forEach((p, i) => expectClose(p, c.trajectory[step]![i]!, c.dtype, `step ${step + 1}, param ${i}`));
  }
}

/** After `mid` steps, `stateDict()` has PyTorch's layout, keys and values. */
export function checkStateDict(c: OptimCase): void {
  const params = makeParams(c.params, c.dtype);
  const opt = makeOptimizer(c, params);
  for (let step = 0; step < goldens.mid; step++) {
    setGrads(c, params, step);
    opt.step();
  }
  const sd = opt.stateDict();
  const gold = c.mid_state_dict;
  expect(sd.param_groups.map((g) => Object.keys(g))).toEqual(gold.param_group_keys);
  expect(sd.param_groups).toEqual(gold.param_groups);
  expect(Object.keys(sd.state)).toEqual(Object.keys(gold.state));
  for (const [k, entry] of Object.entries(sd.state)) {
    expect(Object.keys(entry), `state ${k} keys`).toEqual(gold.state_keys[k]);
    for (const [key, value] of Object.entries(entry)) {
      const g = gold.state[k]![key] as EncodedTensor | number | null;
      if (g !== null && typeof g === 'object') {
        const t = value as Tensor;
        expect(t.dtype.name, `${k}.${key} dtype`).toBe(g.dtype);
        expect([...t.shape], `${k}.${key} shape`).toEqual(g.shape);
        expectClose(t, g.tensor, g.dtype, `state ${k}.${key}`);
      } else {
        expect(value, `state ${k}.${key}`).toEqual(g);
      }
    }
  }
}

/**
 * Loads PyTorch's state dict after `mid` steps into a fresh optimizer over the parameters
 * PyTorch had then, and continues: the remaining steps equal PyTorch's.
 */
export function checkResume(c: OptimCase): void {
  const params = makeParams(c.trajectory[goldens.mid - 1]!, c.dtype);
  const opt = makeOptimizer(c, params);
  opt.loadStateDict(decodeStateDict(c.mid_state_dict));
  for (let step = goldens.mid; step < goldens.steps; step++) {
    setGrads(c, params, step);
    opt.step();
    params.forEach((p, i) => expectClose(p, c.trajectory[step]![i]!, c.dtype, `step ${step + 1}, param ${i}`));
  }
}

/** `String(optimizer)` equals PyTorch's `repr(optimizer)`. */
export function checkRepr(c: OptimCase): void {
  const params = makeParams(c.params, c.dtype);
  const opt = makeOptimizer(c, params);
  expect(String(opt)).toBe(c.repr);
}

/** Checks `fn` throws PyTorch's error: the same type name and message. */
export function expectError(fn: () => unknown, golden: { type: string; message: string } | undefined): void {
  expect(golden, 'golden exists').toBeDefined();
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err, 'an error was thrown').toBeInstanceOf(Error);
  expect((err as Error).name).toBe(golden!.type);
  expect((err as Error).message).toBe(golden!.message);
}
