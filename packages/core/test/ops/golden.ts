// Replays the op goldens written by ../fixtures/gen_*.py (format: ../fixtures/gen_ops_common.py)
// and compares torchts's results with PyTorch's: dtype, shape and values (floats within a
// tolerance, everything else exactly), or the error's type and message.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '@torchts/core';
import type { Tensor } from '@torchts/core';

/** A JSON number, or "nan" / "inf" / "-inf". */
export type JsonNumber = number | 'nan' | 'inf' | '-inf';

export interface EncodedTensor {
  shape: number[];
  dtype: string;
  data: JsonNumber[];
}

export interface GoldenInput {
  data: EncodedTensor;
  view: (string | number | number[])[][];
}

export type Expect =
  | { tensor: EncodedTensor }
  | { tensors: EncodedTensor[] }
  | { error: string; type: string };

export interface GoldenCase {
  name: string;
  op: string;
  inputs: GoldenInput[];
  call: unknown[];
  kw: Record<string, unknown>;
  method?: boolean;
  expect: Expect;
}

export interface GoldenFile {
  torch: string;
  cases: GoldenCase[];
}

/** Loads `../fixtures/<name>.json`. */
export function loadGoldens(name: string): GoldenFile {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8')) as GoldenFile;
}

export function decodeNumber(v: JsonNumber): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** The tensor a golden describes (values cast to its dtype as PyTorch's `.to(dtype)`). */
export function decodeTensor(e: EncodedTensor): Tensor {
  const values = e.data.map(decodeNumber);
  return torch.tensor(values, { dtype: 'float64' }).to(e.dtype as torch.DTypeName).reshape(e.shape);
}

/** Replays the view ops the generator applied (`t`, `transpose`, `narrow`, ...). */
export function applyView(t: Tensor, view: GoldenInput['view']): Tensor {
  for (const [op, ...args] of view) {
    const a = args as number[];
    switch (op) {
      case 't': t = t.t(); break;
      case 'transpose': t = t.transpose(a[0]!, a[1]!); break;
      case 'permute': t = t.permute(args[0] as number[]); break;
      case 'narrow': t = t.narrow(a[0]!, a[1]!, a[2]!); break;
      case 'select': t = t.select(a[0]!, a[1]!); break;
      case 'expand': t = t.expand(args[0] as number[]); break;
      case 'unsqueeze': t = t.unsqueeze(a[0]!); break;
      case 'step2': {
        const idx: string[] = Array.from({ length: t.dim() }, () => ':');
        idx[a[0]!] = '::2';
        t = t.index(...idx);
        break;
      }
      default: throw new Error(`unknown view op ${String(op)}`);
    }
  }
  return t;
}

export function buildInputs(c: GoldenCase): Tensor[] {
  return c.inputs.map((i) => applyView(decodeTensor(i.data), i.view));
}

function resolve(a: unknown, inputs: Tensor[]): unknown {
  if (Array.isArray(a)) return a.map((x) => resolve(x, inputs));
  if (a !== null && typeof a === 'object') {
    const o = a as Record<string, unknown>;
    if ('in' in o) return inputs[o.in as number];
    if ('dtype' in o) return torch.toDType(o.dtype as torch.DTypeName);
    if ('num' in o) return decodeNumber(o.num as JsonNumber);
  }
  return a;
}

/**
 * Runs a golden case with torchts: `torch[op](...call, kw)` (the options object is left out
 * when empty), or `call[0][op](...rest, kw)` for method cases. `impl` overrides how to call.
 */
export function runCase(c: GoldenCase, impl?: (args: unknown[], kw: Record<string, unknown>) => unknown): unknown {
  const inputs = buildInputs(c);
  const args = c.call.map((a) => resolve(a, inputs));
  const kw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c.kw)) kw[k] = resolve(v, inputs);
  if (impl) return impl(args, kw);
  const withKw = Object.keys(kw).length > 0 ? [...args, kw] : args;
  if (c.method) {
    const [self, ...rest] = withKw as [Tensor, ...unknown[]];
    const fn = (self as unknown as Record<string, (...a: unknown[]) => unknown>)[c.op];
    if (typeof fn !== 'function') throw new Error(`no method ${c.op}`);
    return fn.apply(self, rest);
  }
  const fn = (torch as unknown as Record<string, (...a: unknown[]) => unknown>)[c.op];
  if (typeof fn !== 'function') throw new Error(`no function torch.${c.op}`);
  return fn(...withKw);
}

const tolerances: Record<string, [number, number]> = {
  float16: [1e-3, 1e-3],
  float32: [1e-5, 1e-6],
  float64: [1e-10, 1e-12],
};

/** Checks a tensor against a golden: dtype, shape, values (floats within rtol/atol, NaN where NaN). */
export function expectTensor(actual: unknown, e: EncodedTensor, what: string, tol?: [number, number]): void {
  expect(actual, `${what}: not a tensor`).toBeInstanceOf(torch.Tensor);
  const t = actual as Tensor;
  expect(t.dtype.name, `${what}: dtype`).toBe(e.dtype);
  expect([...t.shape], `${what}: shape`).toEqual(e.shape);
  const got = Array.from(t.toTypedArray() as ArrayLike<number>);
  const want = e.data.map(decodeNumber);
  const [rtol, atol] = tol ?? tolerances[e.dtype] ?? [0, 0];
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w)) {
      expect(Number.isNaN(g), `${what}: element ${i} is ${g}, expected nan`).toBe(true);
    } else if (!Number.isFinite(w) || rtol === 0) {
      // Numeric equality (not Object.is): an integer 0 and -0 are the same value.
      if (g !== w) expect(g, `${what}: element ${i}`).toBe(w);
    } else if (Math.abs(g - w) > atol + rtol * Math.abs(w)) {
      expect.fail(`${what}: element ${i} is ${g}, expected ${w} (rtol ${rtol}, atol ${atol})`);
    }
  }
}

/**
 * Runs the case and compares with its golden. `tol` overrides the dtype's tolerance;
 * `errorPrefix` compares only the start of PyTorch's message (where it has C++ noise).
 */
export function checkCase(
  c: GoldenCase,
  opts: { impl?: (args: unknown[], kw: Record<string, unknown>) => unknown; tol?: [number, number]; looseErrorType?: boolean } = {},
): void {
  const ex = c.expect;
  if ('error' in ex) {
    let thrown: unknown = null;
    try {
      runCase(c, opts.impl);
    } catch (err) {
      thrown = err;
    }
    expect(thrown, `${c.name}: expected ${ex.type}: ${ex.error}`).toBeInstanceOf(Error);
    const err = thrown as Error;
    expect(err.message, c.name).toBe(ex.error);
    if (!opts.looseErrorType) expect(err.name, `${c.name}: error type`).toBe(ex.type);
    return;
  }
  const result = runCase(c, opts.impl);
  if ('tensor' in ex) {
    expectTensor(result, ex.tensor, c.name, opts.tol);
  } else {
    expect(Array.isArray(result), `${c.name}: expected a tuple`).toBe(true);
    const list = result as unknown[];
    expect(list.length, `${c.name}: tuple length`).toBe(ex.tensors.length);
    ex.tensors.forEach((e, i) => expectTensor(list[i], e, `${c.name}[${i}]`, opts.tol));
  }
}
