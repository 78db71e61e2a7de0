/**
 * Test helpers: load the PyTorch goldens written by fixtures/gen_kernels.py, build views from
 * them and compare kernel outputs with PyTorch's.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dtypes, type DType, type DTypeName, type TypedArray, type View } from '@torchts/core';
import { expect } from 'vitest';
import { cpuBackend, roundBFloat16, roundHalf } from '../src/index.js';

/** A JSON number or one of the strings used for non-finite floats. */
export type Num = number | 'nan' | 'inf' | '-inf';

/** A strided view of a storage given by `data` or regenerated from `gen`. */
export interface ViewSpec {
  dtype: DTypeName;
  shape: number[];
  strides: number[];
  offset: number;
  data?: Num[];
  gen?: { seed: number; n: number; kind: string };
}

/** A contiguous expected output; when `step` is set, `data` holds every step-th element only. */
export interface OutSpec {
  dtype: DTypeName;
  shape: number[];
  data: Num[];
  step?: number;
}

/** Reads `fixtures/kernels/<name>.json`. */
export function loadCases<T>(name: string): T[] {
  const url = new URL(`./fixtures/kernels/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as T[];
}

/** Decodes a fixture number. */
export function num(v: Num | null | undefined): number {
  if (v === 'nan') return NaN;
  if (v === 'inf') return Infinity;
  if (v === '-inf') return -Infinity;
  return v as number;
}

/** The Park-Miller generator of gen_kernels.py (`gen_values`). */
export function genValues(seed: number, n: number, kind: string): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    let v: number;
    if (kind === 'float') v = ((s % 1024) - 512) / 256;
    else if (kind === 'pos') v = ((s % 1024) + 1) / 256;
    else if (kind === 'unit') v = ((s % 1023) - 511) / 600;
    else if (kind === 'int') v = (s % 21) - 10;
    else if (kind === 'bool') v = s % 2;
    else if (kind.startsWith('idx')) v = s % Number(kind.slice(3));
    else throw new Error(`unknown kind ${kind}`);
    out.push(v);
  }
  return out;
}

/** The dtype named in a spec. */
export function dtypeOf(name: DTypeName): DType {
  return dtypes[name];
}

/** Fills a new TypedArray of `dtype` with `values` (float16 and bfloat16 rounded to their precision). */
export function typed(dtype: DType, values: readonly number[]): TypedArray {
  const arr = new dtype.ArrayType(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    arr[i] = dtype.name === 'float16' ? roundHalf(v) : dtype.name === 'bfloat16' ? roundBFloat16(v)
      : dtype.name === 'bool' ? (v !== 0 ? 1 : 0) : v;
  }
  return arr;
}

/** Builds the view a spec describes, on a fresh CPU buffer. */
export function viewOf(spec: ViewSpec): View {
  const dtype = dtypeOf(spec.dtype);
  const values = spec.gen ? genValues(spec.gen.seed, spec.gen.n, spec.gen.kind) : spec.data!.map(num);
  const buffer = cpuBackend.wrap(dtype, typed(dtype, values), 0);
  return { buffer, shape: spec.shape, strides: spec.strides, offset: spec.offset };
}

/** Row-major strides. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** A fresh contiguous (or `strides`-laid-out) output view of a dtype and shape, filled with `init`. */
export function outView(dtype: DTypeName | DType, shape: readonly number[], strides?: number[], init = NaN): View {
  const dt = typeof dtype === 'string' ? dtypeOf(dtype) : dtype;
  const st = strides ?? stridesOf(shape);
  let size = 1;
  for (let d = 0; d < shape.length; d++) size += (shape[d]! - 1) * Math.abs(st[d]!);
  if (shape.some((n) => n === 0)) size = 0;
  const buffer = cpuBackend.alloc(dt, Math.max(size, 0), 0);
  cpuBackend.fill({ buffer, shape: [size], strides: [1], offset: 0 }, dt.isFloatingPoint ? init : 0);
  return { buffer, shape, strides: st, offset: 0 };
}

/** Tolerances per dtype: [rtol, atol]. */
export type Tolerance = Partial<Record<'float32' | 'float64' | 'float16' | 'bfloat16', [number, number]>>;

const DEFAULT_TOL: Required<Tolerance> = {
  float64: [1e-12, 1e-14],
  float32: [2e-6, 1e-7],
  float16: [2e-3, 1e-7],
  bfloat16: [1.6e-2, 1e-7],
};

/**
 * Expects `actual` (contiguous values of `view`, read back) to match PyTorch's `expected`:
 * same shape, NaN where NaN, infinities equal, floats within tolerance, integers exact.
 */
export function expectMatches(view: View, expected: OutSpec, label: string, tol: Tolerance = {}): void {
  expect(view.buffer.dtype.name, `${label}: dtype`).toBe(expected.dtype);
  expect([...view.shape], `${label}: shape`).toEqual(expected.shape);
  const actual = cpuBackend.read(view);
  const step = expected.step ?? 1;
  const want = expected.data.map(num);
  expect(Math.ceil(actual.length / step), `${label}: numel`).toBe(want.length);
  const dt = expected.dtype;
  const isFloat = dt === 'float32' || dt === 'float64' || dt === 'float16' || dt === 'bfloat16';
  const [rtol, atol] = isFloat ? (tol[dt] ?? DEFAULT_TOL[dt]) : [0, 0];
  const bad: string[] = [];
  for (let j = 0; j < want.length; j++) {
    const i = j * step;
    let w = want[j]!;
    if (dt === 'float32') w = Math.fround(w);
    if (dt === 'float16') w = roundHalf(w);
    if (dt === 'bfloat16') w = roundBFloat16(w);
    const a = actual[i]!;
    let ok: boolean;
    if (Number.isNaN(w)) ok = Number.isNaN(a);
    else if (!Number.isFinite(w)) ok = a === w;
    else ok = Math.abs(a - w) <= atol + rtol * Math.abs(w);
    if (!ok && bad.length < 8) bad.push(`[${i}] got ${a}, PyTorch ${w}`);
  }
  expect(bad, `${label}: mismatches`).toEqual([]);
}
