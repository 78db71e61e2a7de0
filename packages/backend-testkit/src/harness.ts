/**
 * Runs one test case on the backend under test and on the reference, from identical storages,
 * and compares every output storage (inside and outside the output views) and checks that inputs
 * were left alone.
 * @module
 */
import type { Backend, BackendBuffer, DType, TypedArray, View } from '@torchts/core';
import { referenceBackend } from './reference/backend.js';
import { indicesOf, offsetOf } from './reference/storage.js';
import { makeLayout, type Layout, type LayoutKind } from './cases/layouts.js';
import { randomStorage, type Domain } from './cases/data.js';
import type { Rng } from './cases/random.js';
import { mismatches, type CompareSpec } from './compare.js';
import type { Tolerance } from './options.js';

/** A tensor of a case: dtype, layout and the whole storage's initial contents. */
export interface TensorSpec {
  readonly dtype: DType;
  readonly layout: Layout;
  readonly storage: TypedArray;
}

/** How an output is compared: elementwise, or accumulating `terms` terms per element. */
export interface OutputCheck {
  terms: number;
  /**
   * `'abs'`: the error scale is the reference's result on absolute values of every storage
   * (Σ|a||b| for matmul); `'expected'`: |expected| (products); `'expected+1'`: |expected| + 1.
   */
  scale: 'abs' | 'expected' | 'expected+1';
  /**
   * The kernel may accumulate in the output's own dtype, as PyTorch's `scatter_add` does (a CPU
   * loop of `+=` on the element type, CUDA atomics): float16 and bfloat16 sums then round at every
   * step, so their accumulation unit is the dtype's own (2^-11, 2^-8) instead of float32's.
   */
  inDtype?: boolean;
}

/** One test case. Tensor names are the kernel's argument names. */
export interface Case {
  /** Extra words for failure messages (dims, parameters...). */
  readonly title?: string;
  readonly inputs: Readonly<Record<string, TensorSpec>>;
  readonly outputs: Readonly<Record<string, TensorSpec>>;
  /** Inputs that are views of an output (in-place kernels): input name -> output name. */
  readonly aliases?: Readonly<Record<string, string>>;
  /** Outputs that accumulate (default: elementwise). */
  readonly checks?: Readonly<Record<string, OutputCheck>>;
  /** Calls the kernel on a backend with the views of every named tensor. */
  readonly run: (backend: Backend, views: Readonly<Record<string, View>>) => void;
}

/** What {@link runCase} needs from the suite. */
export interface CaseContext {
  readonly backend: Backend;
  readonly deviceIndex: number;
  readonly tolerance: (dtype: DType) => Tolerance;
}

/** A random tensor of `shape` laid out as `kind`, its whole storage filled from `domain`. */
export function tensorSpec(rng: Rng, dtype: DType, shape: readonly number[], kind: LayoutKind, domain?: Domain): TensorSpec {
  const layout = makeLayout(rng, shape, kind);
  return { dtype, layout, storage: randomStorage(rng, dtype, layout.storageSize, domain) };
}

/** A tensor with given contents, contiguous. */
export function tensorOf(dtype: DType, shape: readonly number[], values: ArrayLike<number>): TensorSpec {
  const strides: number[] = [];
  let acc = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = acc;
    acc *= shape[d];
  }
  const storage = new dtype.ArrayType(values.length);
  storage.set(values);
  return { dtype, layout: { kind: 'contiguous', shape, strides, offset: 0, storageSize: values.length }, storage };
}

/** `float32[2, 3] strides [1, 2] offset 4 (permuted)`. */
export function describeSpec(spec: TensorSpec): string {
  const { shape, strides, offset, kind } = spec.layout;
  return `${spec.dtype.name}[${shape.join(', ')}] strides [${strides.join(', ')}] offset ${offset} (${kind})`;
}

function describeCase(c: Case): string {
  const lines = Object.entries({ ...c.inputs, ...c.outputs }).map(([n, s]) => `  ${n}: ${describeSpec(s)}`);
  for (const [input, output] of Object.entries(c.aliases ?? {})) lines.push(`  ${input}: the same view as ${output}`);
  return `${c.title ? `${c.title}\n` : ''}${lines.join('\n')}`;
}

/** The whole storage of a tensor as a 1-d view. */
function wholeStorage(view: View, n: number): View {
  return { buffer: view.buffer, shape: [n], strides: [1], offset: 0 };
}

/** Materialises every tensor of a case on `backend`. */
function build(backend: Backend, deviceIndex: number, c: Case, buffers: BackendBuffer[],
  map: (s: TypedArray) => TypedArray = (s) => s): Record<string, View> {
  const views: Record<string, View> = {};
  for (const [name, spec] of Object.entries({ ...c.inputs, ...c.outputs })) {
    const buffer = backend.alloc(spec.dtype, spec.storage.length, deviceIndex);
    buffers.push(buffer);
    if (spec.storage.length > 0) backend.write(buffer, map(spec.storage), 0);
    const { shape, strides, offset } = spec.layout;
    views[name] = { buffer, shape, strides, offset };
  }
  for (const [input, output] of Object.entries(c.aliases ?? {})) views[input] = views[output];
  return views;
}

function absStorage(s: TypedArray): TypedArray {
  return s.map(Math.abs) as TypedArray;
}

/** Where storage position `pos` is in a view, e.g. `out[1, 2]`, for failure messages. */
function whereIs(name: string, spec: TensorSpec, pos: number): string {
  const view: View = { ...spec.layout, buffer: { dtype: spec.dtype, numel: spec.storage.length } };
  for (const idx of indicesOf(spec.layout.shape)) {
    if (offsetOf(view, idx) === pos) return `${name}[${idx.join(', ')}] (storage ${pos})`;
  }
  return `${name} storage ${pos} (outside the view)`;
}

function formatMismatches(name: string, spec: TensorSpec, bad: number[], actual: ArrayLike<number>,
  expected: ArrayLike<number>, what: string): string {
  const shown = bad.slice(0, 8).map((pos) => `    ${whereIs(name, spec, pos)}: got ${actual[pos]}, ${what} ${expected[pos]}`);
  return `  ${name}: ${bad.length} of ${expected.length} storage elements differ\n${shown.join('\n')}`;
}

/**
 * Runs a case on the backend under test and on the reference, then compares: each output's whole
 * storage with the reference's (so writes outside the view are caught), each input's storage with
 * what was written (kernels must not modify inputs). Frees every buffer it allocated.
 */
export async function runCase(ctx: CaseContext, c: Case): Promise<void> {
  const { backend, deviceIndex } = ctx;
  const buffers: BackendBuffer[] = [];
  try {
    const views = build(backend, deviceIndex, c, buffers);
    try {
      c.run(backend, views);
    } catch (err) {
      throw new Error(`the kernel threw: ${(err as Error).message}\n${describeCase(c)}`, { cause: err });
    }
    const refViews = build(referenceBackend, 0, c, []);
    c.run(referenceBackend, refViews);

    const failures: string[] = [];
    let absViews: Record<string, View> | undefined;
    for (const [name, spec] of Object.entries(c.outputs)) {
      const n = spec.storage.length;
      const actual = await backend.readAsync(wholeStorage(views[name], n));
      const expected = referenceBackend.read(wholeStorage(refViews[name], n));
      const check = c.checks?.[name];
      const cmp: CompareSpec = {
        dtype: spec.dtype, tolerance: ctx.tolerance(spec.dtype), terms: check?.terms, accumulatesInDtype: check?.inDtype,
      };
      if (check?.scale === 'abs') {
        if (!absViews) {
          absViews = build(referenceBackend, 0, c, [], absStorage);
          c.run(referenceBackend, absViews);
        }
        cmp.scale = referenceBackend.read(wholeStorage(absViews[name], n));
      } else if (check) {
        cmp.scale = Array.from(expected, (e) => Math.abs(e) + (check.scale === 'expected+1' ? 1 : 0));
      }
      const bad = mismatches(actual, expected, cmp);
      if (bad.length) failures.push(formatMismatches(name, spec, bad, actual, expected, 'expected'));
    }
    for (const [name, spec] of Object.entries(c.inputs)) {
      if (c.aliases?.[name]) continue;
      const after = await backend.readAsync(wholeStorage(views[name], spec.storage.length));
      const bad = mismatches(after, spec.storage, { dtype: spec.dtype, tolerance: { rtol: 0, atol: 0 } });
      if (bad.length) failures.push(formatMismatches(name, spec, bad, after, spec.storage, 'input was').replace('differ', 'were modified'));
    }
    if (failures.length) {
      const t = ctx.tolerance;
      const tol = Object.values(c.outputs).some((s) => s.dtype.isFloatingPoint)
        ? ` (tolerance ${JSON.stringify(t(Object.values(c.outputs)[0].dtype))}${c.checks ? ' plus accumulation' : ''})` : '';
      throw new Error(`results differ from the reference${tol}\n${failures.join('\n')}\n${describeCase(c)}`);
    }
  } finally {
    for (const b of buffers) backend.free(b);
  }
}
