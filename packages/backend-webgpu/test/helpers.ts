/**
 * Test helpers: the PyTorch goldens written by fixtures/gen_goldens.py, run on the WebGPU
 * backend, and parity runs against the CPU backend on random data. When no WebGPU adapter can
 * be had, the tests are skipped with the reason.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  dtypes, type Backend, type BinaryOp, type Conv2dParams, type DType, type DTypeName, type ReduceOp, type TypedArray,
  type UnaryOp, type View,
} from '@torchts/core';
import { cpuBackend } from '@torchts/backend-cpu';
import { webgpuBackend } from '../src/index.js';

// Debug mode: WGSL errors are printed and every kernel key is checked to name one shader.
process.env.TORCHTS_WEBGPU_DEBUG ??= '1';
/** Whether the WebGPU backend could be initialised (tests skip otherwise). */
export const gpuReady = await webgpuBackend.init();
/** Why there is no WebGPU backend, for skipped tests' names. */
export const skipReason = gpuReady ? '' : ` (skipped: ${webgpuBackend.unavailableReason()})`;
/** `it`, or `it.skip` when no adapter is available. */
export const itGpu: typeof it = gpuReady ? it : (it.skip as typeof it);

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

/** A contiguous expected output; with `step`, `data` holds every step-th element only. */
export interface OutSpec {
  dtype: DTypeName;
  shape: number[];
  data: Num[];
  step?: number;
}

/** One golden case. */
export interface GoldenCase {
  name: string;
  kernel: string;
  args: Record<string, unknown>;
  inputs: Record<string, ViewSpec>;
  outputs: Record<string, OutSpec>;
  tol?: { rtol: number; atol: number };
}

/** Decodes a fixture number. */
export function num(v: Num): number {
  return v === 'nan' ? NaN : v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v;
}

/** The Park-Miller values of gen_goldens.py (`gen_values`). */
export function genValues(seed: number, n: number, kind: string): number[] {
  const out: number[] = [];
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 48271) % 2147483647;
    let v: number;
    if (kind === 'float') v = ((s % 1024) - 512) / 256;
    else if (kind === 'near1') v = 0.75 + ((s % 512) + 1) / 1024;
    else if (kind === 'ties') v = ((s % 9) - 4) / 2;
    else if (kind === 'tiesnan') v = s % 13 === 0 ? NaN : ((s % 9) - 4) / 2;
    else if (kind === 'wide') v = ((s % 1024) - 512) / 32;
    else if (kind === 'int') v = (s % 21) - 10;
    else if (kind === 'bool') v = s % 2;
    else if (kind.startsWith('idx')) v = s % Number(kind.slice(3));
    else throw new Error(`unknown kind ${kind}`);
    out.push(v);
  }
  return out;
}

/** Reads `fixtures/goldens/<family>.json`. */
export function loadGoldens(family: string): GoldenCase[] {
  const url = new URL(`./fixtures/goldens/${family}.json`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as GoldenCase[];
}

function storageOf(spec: ViewSpec): TypedArray {
  const dt = dtypes[spec.dtype];
  const values = spec.gen ? genValues(spec.gen.seed, spec.gen.n, spec.gen.kind) : spec.data!.map(num);
  const arr = new dt.ArrayType(values.length);
  arr.set(values);
  return arr;
}

/** Row-major strides. */
export function contiguous(shape: readonly number[]): number[] {
  const s: number[] = [];
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** A view on `backend` over a new buffer holding `storage`. */
export function viewOf(backend: Backend, dtype: DType, storage: TypedArray, shape: readonly number[],
  strides: readonly number[] = contiguous(shape), offset = 0): View {
  const buffer = backend.alloc(dtype, storage.length, 0);
  if (storage.length) backend.write(buffer, storage, 0);
  return { buffer, shape, strides, offset };
}

/** A new contiguous view of `shape` on `backend` (contents unspecified). */
export function emptyView(backend: Backend, dtype: DType, shape: readonly number[]): View {
  const n = shape.reduce((a, b) => a * b, 1);
  return { buffer: backend.alloc(dtype, n, 0), shape, strides: contiguous(shape), offset: 0 };
}

/** Calls golden case kernel `kernel` on `be` with the named views. */
export function callKernel(be: Backend, kernel: string, a: Record<string, unknown>, v: Record<string, View>): void {
  switch (kernel) {
    case 'unary': return be.unary(a.op as UnaryOp, v.src!, v.out!);
    case 'binary': return be.binary(a.op as BinaryOp, v.a!, v.b!, v.out!);
    case 'clamp': return be.clamp(v.src!, a.min as number | null, a.max as number | null, v.out!);
    case 'where': return be.where(v.cond!, v.a!, v.b!, v.out!);
    case 'copy': return be.copy(v.src!, v.out!);
    case 'reduce': return be.reduce(a.op as ReduceOp, v.src!, a.dims as number[], v.out!);
    case 'matmul': return be.matmul(v.a!, v.b!, v.out!);
    case 'gather': return be.gather(v.src!, a.dim as number, v.index!, v.out!);
    case 'scatter': return be.scatter(v.out!, a.dim as number, v.index!, v.src!);
    case 'scatterAdd': return be.scatterAdd(v.out!, a.dim as number, v.index!, v.src!);
    case 'indexSelect': return be.indexSelect(v.src!, a.dim as number, v.index!, v.out!);
    case 'cumulative': return be.cumulative(a.op as 'sum' | 'prod', v.src!, a.dim as number, v.out!);
    case 'sort': return be.sort(v.src!, a.dim as number, a.descending as boolean, v.values!, v.indices!);
    case 'conv2d': return be.fused!.conv2d!(v.input!, v.weight!, v.bias ?? null, a as unknown as Conv2dParams, v.out!);
    case 'conv2dBackwardInput': return be.fused!.conv2dBackwardInput!(v.gradOut!, v.weight!, a as unknown as Conv2dParams, v.gradInput!);
    case 'conv2dBackwardWeight': return be.fused!.conv2dBackwardWeight!(v.gradOut!, v.input!, a as unknown as Conv2dParams, v.gradWeight!);
    case 'softmax': return be.fused!.softmax!(v.src!, a.log as boolean, v.out!);
    case 'maxPool2d': return be.fused!.maxPool2d!(v.src!, a.kernel as [number, number], a.stride as [number, number],
      a.padding as [number, number], a.dilation as [number, number], v.out!, v.indices!);
    default: throw new Error(`unknown kernel ${kernel}`);
  }
}

/** Where `actual` and `expected` differ beyond `rtol`/`atol` (exactly for integers; NaN must be NaN). */
export function differences(actual: ArrayLike<number>, expected: ArrayLike<number>, float: boolean, rtol: number,
  atol: number, step = 1): string[] {
  const bad: string[] = [];
  const n = expected.length;
  if (Math.ceil(actual.length / step) !== n) return [`length ${actual.length} (step ${step}), expected ${n}`];
  for (let i = 0; i < n; i++) {
    const a = actual[i * step]!, e = expected[i]!;
    let ok: boolean;
    if (!float) ok = a === e;
    else if (Number.isNaN(e)) ok = Number.isNaN(a);
    else if (!Number.isFinite(e)) ok = a === e;
    else ok = Math.abs(a - e) <= atol + rtol * Math.abs(e);
    if (!ok && bad.length < 8) bad.push(`[${i * step}] got ${a}, expected ${e}`);
  }
  return bad;
}

/** Runs one golden case on the WebGPU backend and checks every output against PyTorch's. */
export async function runGolden(c: GoldenCase): Promise<void> {
  const be = webgpuBackend;
  const views: Record<string, View> = {};
  for (const [name, spec] of Object.entries(c.inputs)) {
    views[name] = viewOf(be, dtypes[spec.dtype], storageOf(spec), spec.shape, spec.strides, spec.offset);
  }
  for (const [name, spec] of Object.entries(c.outputs)) {
    // In-place kernels (scatter) write into an input.
    views[name] ??= emptyView(be, dtypes[spec.dtype], spec.shape);
  }
  try {
    callKernel(be, c.kernel, c.args, views);
    for (const [name, spec] of Object.entries(c.outputs)) {
      const dt = dtypes[spec.dtype];
      const got = await be.readAsync(views[name]!);
      const { rtol, atol } = c.tol ?? { rtol: 1e-5, atol: 1e-6 };
      const bad = differences(got, spec.data.map(num), dt.isFloatingPoint, rtol, atol, spec.step ?? 1);
      expect(bad, `${c.name}: ${name}`).toEqual([]);
    }
  } finally {
    for (const v of Object.values(views)) be.free(v.buffer);
  }
}

/** Registers a test per golden case of `family` (`fixtures/goldens/<family>.json`). */
export function describeGoldens(family: string, filter: (c: GoldenCase) => boolean = () => true): void {
  describe(`PyTorch goldens: ${family}${skipReason}`, () => {
    for (const c of loadGoldens(family).filter(filter)) itGpu(c.name, () => runGolden(c));
  });
}

/** A random tensor for parity runs. */
export interface RandomSpec {
  dtype: DType;
  shape: number[];
  /** Values: uniform in [lo, hi) for floats, integers in [lo, hi] otherwise (default [-2, 2]). */
  range?: [number, number];
  /** Strides and offset of a view into a larger storage (default contiguous). */
  strides?: number[];
  offset?: number;
  /** Explicit storage. */
  data?: ArrayLike<number>;
}

/** A seeded generator (xorshift) for parity data. */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function randomStorage(spec: RandomSpec, next: () => number): TypedArray {
  const strides = spec.strides ?? contiguous(spec.shape);
  const size = spec.data ? spec.data.length
    : spec.shape.some((s) => s === 0) ? 0 : 1 + (spec.offset ?? 0) + spec.shape.reduce((a, s, d) => a + (s - 1) * strides[d]!, 0);
  const arr = new spec.dtype.ArrayType(size);
  if (spec.data) arr.set(spec.data);
  else {
    const [lo, hi] = spec.range ?? [-2, 2];
    for (let i = 0; i < size; i++) {
      const u = next();
      arr[i] = spec.dtype.isFloatingPoint ? lo + u * (hi - lo) : spec.dtype.isBool ? (u < 0.5 ? 1 : 0) : Math.floor(lo + u * (hi - lo + 1));
    }
  }
  return arr;
}

/**
 * Runs `run` on the WebGPU and the CPU backends with the same random inputs and fresh
 * contiguous outputs (or, for in-place kernels, outputs given as inputs), and checks that every
 * output matches within `rtol`/`atol` (exactly for integers).
 */
export async function expectParity(seed: number, inputs: Record<string, RandomSpec>, outputs: Record<string, RandomSpec>,
  run: (be: Backend, v: Record<string, View>) => void, rtol = 1e-5, atol = 1e-5): Promise<void> {
  const next = rng(seed);
  const storages: Record<string, TypedArray> = {};
  const specs = { ...inputs, ...outputs };
  for (const [name, spec] of Object.entries(specs)) storages[name] = randomStorage(spec, next);
  const results: Record<string, TypedArray>[] = [];
  for (const be of [webgpuBackend, cpuBackend] as Backend[]) {
    const views: Record<string, View> = {};
    for (const [name, spec] of Object.entries(specs)) {
      views[name] = viewOf(be, spec.dtype, storages[name]!, spec.shape, spec.strides, spec.offset);
    }
    run(be, views);
    const res: Record<string, TypedArray> = {};
    for (const name of Object.keys(outputs)) {
      const v = views[name]!;
      res[name] = await be.readAsync({ ...v, shape: [v.buffer.numel], strides: [1], offset: 0 });
    }
    results.push(res);
    for (const v of Object.values(views)) be.free(v.buffer);
  }
  for (const [name, spec] of Object.entries(outputs)) {
    const bad = differences(results[0]![name]!, results[1]![name]!, spec.dtype.isFloatingPoint, rtol, atol);
    expect(bad, `${name}: webgpu vs cpu`).toEqual([]);
  }
}
