// Reading and checking the PyTorch goldens written by fixtures/gen_*.py (see fixtures/golden_util.py).
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import * as torch from '@torchts/core';

/** A JSON number, or "nan" / "inf" / "-inf". */
export type JsonNumber = number | 'nan' | 'inf' | '-inf';

/** A tensor as the generators write it. */
export interface TensorSpec {
  dtype: torch.DTypeName;
  shape: number[];
  values: JsonNumber[];
}

/** A large tensor's summary (`sample()` in golden_util.py). */
export interface SampleSpec {
  shape: number[];
  every: number;
  samples: JsonNumber[];
  sum: number;
  abssum: number;
}

/** An error as the generators write it. */
export interface ErrorSpec {
  error: string;
  message: string;
}

/** Loads `test/fixtures/<name>`. */
export function loadFixture<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

/** Decodes "nan"/"inf"/"-inf". */
export function decode(v: JsonNumber): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v;
}

/** The tensor a spec describes (contiguous, on the CPU). */
export function fromSpec(spec: TensorSpec, requiresGrad = false): torch.Tensor {
  const dtype = torch.dtypes[spec.dtype];
  const data = new dtype.ArrayType(spec.values.length);
  spec.values.forEach((v, i) => (data[i] = decode(v)));
  const t = torch.fromTypedArray(data, spec.shape, { dtype }).clone();
  return requiresGrad ? t.requiresGrad_(true) : t;
}

/** `det()` of golden_util.py: values both sides rebuild exactly. */
export function det(shape: number[], k = 0, scale = 1.0, dtype: torch.DType = torch.float32): torch.Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = (((i * 7919 + k * 104729) % 2001) - 1000) / 1000 * scale;
  return torch.fromTypedArray(vals, shape).to(dtype);
}

/** Tolerances (exact by default). */
export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/** Compares flat values; NaN matches NaN. */
export function expectValues(got: ArrayLike<number>, want: readonly number[], tol: Tolerance = {}, what = ''): void {
  expect(got.length, `${what} numel`).toBe(want.length);
  const rtol = tol.rtol ?? 0, atol = tol.atol ?? 0;
  const bad: string[] = [];
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w) ? Number.isNaN(g) : g === w || Math.abs(g - w) <= atol + rtol * Math.abs(w)) continue;
    bad.push(`[${i}] got ${g} want ${w}`);
    if (bad.length >= 5) break;
  }
  expect(bad, `${what}: values differ`).toEqual([]);
}

/** Checks a tensor against a golden: dtype, shape and values. */
export function expectTensor(t: torch.Tensor, spec: TensorSpec, tol: Tolerance = {}, what = ''): void {
  expect(t.dtype.name, `${what} dtype`).toBe(spec.dtype);
  expect([...t.shape], `${what} shape`).toEqual(spec.shape);
  expectValues(Array.from(t.detach().toTypedArray() as ArrayLike<number>), spec.values.map(decode), tol, what);
}

/** Checks a tensor against a golden summary. */
export function expectSample(t: torch.Tensor, spec: SampleSpec, tol: Tolerance = {}, what = ''): void {
  expect([...t.shape], `${what} shape`).toEqual(spec.shape);
  const flat = Array.from(t.detach().toTypedArray() as ArrayLike<number>);
  const picked = flat.filter((_, i) => i % spec.every === 0);
  expectValues(picked, spec.samples.map(decode), tol, `${what} samples`);
  const sum = flat.reduce((a, b) => a + b, 0);
  const abssum = flat.reduce((a, b) => a + Math.abs(b), 0);
  expect(Math.abs(sum - spec.sum), `${what} sum ${sum} vs ${spec.sum}`).toBeLessThanOrEqual((tol.atol ?? 0) * flat.length + (tol.rtol ?? 0) * spec.abssum + 1e-9);
  expect(Math.abs(abssum - spec.abssum), `${what} abssum`).toBeLessThanOrEqual((tol.atol ?? 0) * flat.length + (tol.rtol ?? 0) * spec.abssum + 1e-9);
}

/** Runs `fn` and checks it throws PyTorch's error (class name and message). */
export function expectError(fn: () => unknown, spec: ErrorSpec): void {
  let thrown: unknown = null;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, `expected ${spec.error}: ${spec.message}`).toBeInstanceOf(Error);
  expect((thrown as Error).message).toBe(spec.message);
  expect((thrown as Error).name).toBe(spec.error);
}

/** Whether two tensors have the same shape and values (torch.equal). */
export function same(a: torch.Tensor, b: torch.Tensor): boolean {
  if (a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false;
  const x = a.detach().toTypedArray(), y = b.detach().toTypedArray();
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/** Whether two tensors are close (torch.allclose with rtol 1e-5, atol 1e-8 by default). */
export function close(a: torch.Tensor, b: torch.Tensor, rtol = 1e-5, atol = 1e-8): boolean {
  const x = a.detach().toTypedArray(), y = b.detach().toTypedArray();
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i]! - y[i]!) <= atol + rtol * Math.abs(y[i]!))) return false;
  return true;
}
