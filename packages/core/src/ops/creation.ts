/**
 * Factory functions: `tensor`, `empty`, `zeros`, `ones`, `full`, `arange`, `linspace`, `eye`,
 * the random ones (`rand`, `randn`, `randint`, `randperm`), the `*Like` and `new*` forms,
 * and `fromTypedArray` (which shares memory on the CPU, like `torch.from_numpy`).
 * @module
 */
import { device as toDevice, type DeviceLike, type Device } from '../device.js';
import {
  bfloat16, bool, type DType, type DTypeLike, float16, float32, float64, getDefaultDtype, int16, int32, int64, int8, toDType,
  type TypedArray, uint8,
} from '../dtype.js';
import { RuntimeError, ValueError } from '../errors.js';
import { getDefaultDevice, backendFor } from '../registry.js';
import { Storage } from '../storage.js';
import { contiguousStrides, numelOf } from '../shape.js';
import { Tensor, type NestedArray } from '../tensor.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import * as sample from '../random/sampling.js';
import { emptyTensor, installMethods, toStored } from './helpers.js';
import { sizeArgs } from './views.js';
import { fma, fma32, roundToFloat16 } from '../random/float-ops.js';
import { roundBFloat16 } from '../bfloat16.js';
import { deviceRandomFill } from './device-random.js';

/** Options every factory function takes. */
export interface FactoryOptions {
  /** Element type (default: float32 for floats, int64 for integers, bool for booleans). */
  dtype?: DTypeLike;
  /** Device (default: `torch.getDefaultDevice()`). */
  device?: DeviceLike;
  /** Whether autograd should track the new tensor (needs @torchts/autograd). */
  requiresGrad?: boolean;
}

/** Options of the random factories. */
export interface RandomOptions extends FactoryOptions {
  /** The generator to draw from (default: the global one seeded by `torch.manualSeed`). */
  generator?: Generator;
}

/** Sizes then options: `zeros(2, 3)`, `zeros([2, 3])`, `zeros(2, 3, { dtype })`. */
export type SizeAndOptions<O> = (number | readonly number[] | O | undefined)[];

/** @internal Splits `(...sizes, options?)`. */
export function splitSizeArgs<O extends object>(args: readonly unknown[]): { shape: number[]; opts: O } {
  let opts = {} as O;
  let rest = args;
  const last = args[args.length - 1];
  if (last === undefined && args.length > 0) rest = args.slice(0, -1);
  else if (last !== null && typeof last === 'object' && !Array.isArray(last)) {
    opts = last as O;
    rest = args.slice(0, -1);
  }
  const shape = sizeArgs(rest);
  for (const d of shape) {
    if (d < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${d}: [${shape.join(', ')}]`);
  }
  return { shape, opts };
}

function finish(t: Tensor, opts: FactoryOptions): Tensor {
  if (opts.requiresGrad) t.requiresGrad_(true);
  return t;
}

function resolve(opts: FactoryOptions, fallback: DType): { dtype: DType; dev: Device } {
  return {
    dtype: opts.dtype !== undefined ? toDType(opts.dtype) : fallback,
    dev: opts.device !== undefined ? toDevice(opts.device) : getDefaultDevice(),
  };
}

/** @internal A new tensor on `dev` holding `data` (already in the dtype's CPU array type). */
export function fromHost(data: TypedArray, shape: readonly number[], dtype: DType, dev: Device): Tensor {
  if (dtype === float16 || dtype === bfloat16) {
    // Half and bfloat16 values arrive as float32 numbers: the backend's cast rounds them.
    const staged = fromHost(data, shape, float32, dev);
    const t = emptyTensor(shape, dtype, dev);
    t._storage.backend.copy(staged._view(), t._view());
    staged.dispose();
    return t;
  }
  const t = emptyTensor(shape, dtype, dev);
  if (data.length > 0) t._storage.backend.write(t._storage.buffer, data, 0);
  return t;
}

function filled(shape: number[], value: number | boolean, dtype: DType, dev: Device): Tensor {
  const t = emptyTensor(shape, dtype, dev);
  t._storage.backend.fill(t._view(), toStored(value, dtype));
  return t;
}

/** An uninitialised tensor (on the CPU it holds zeros). */
export function empty(...args: SizeAndOptions<FactoryOptions>): Tensor {
  const { shape, opts } = splitSizeArgs<FactoryOptions>(args);
  const { dtype, dev } = resolve(opts, getDefaultDtype());
  return finish(emptyTensor(shape, dtype, dev), opts);
}

/**
 * A tensor of zeros.
 *
 * @example
 * ```ts
 * torch.zeros(5, 3, { dtype: torch.long });
 * ```
 */
export function zeros(...args: SizeAndOptions<FactoryOptions>): Tensor {
  const { shape, opts } = splitSizeArgs<FactoryOptions>(args);
  const { dtype, dev } = resolve(opts, getDefaultDtype());
  return finish(filled(shape, 0, dtype, dev), opts);
}

/** A tensor of ones. */
export function ones(...args: SizeAndOptions<FactoryOptions>): Tensor {
  const { shape, opts } = splitSizeArgs<FactoryOptions>(args);
  const { dtype, dev } = resolve(opts, getDefaultDtype());
  return finish(filled(shape, 1, dtype, dev), opts);
}

/** A tensor filled with `fillValue`; its dtype follows the value (bool, int64 or float). */
export function full(size: readonly number[], fillValue: number | boolean, opts: FactoryOptions = {}): Tensor {
  const shape = sizeArgs([size]);
  const fallback = typeof fillValue === 'boolean' ? bool : Number.isInteger(fillValue) ? int64 : getDefaultDtype();
  const { dtype, dev } = resolve(opts, fallback);
  return finish(filled(shape, fillValue, dtype, dev), opts);
}

/** Infers shape and dtype of nested JS data, with PyTorch's errors for ragged input. */
function inferNested(data: unknown): { shape: number[]; flat: (number | boolean)[]; kind: 'bool' | 'int' | 'float' } {
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: (number | boolean)[] = [];
  let kind: 'bool' | 'int' | 'float' = 'bool';
  let seenNumber = false;
  const walk = (v: unknown, d: number): void => {
    if (d === shape.length) {
      // PyTorch's errors: a list where a number belongs, a number where a list belongs, ragged lists.
      if (Array.isArray(v)) throw new TypeError("'list' object cannot be interpreted as an integer");
      if (typeof v === 'boolean') flat.push(v);
      else if (typeof v === 'number') {
        seenNumber = true;
        if (!Number.isInteger(v)) kind = 'float';
        flat.push(v);
      } else if (typeof v === 'bigint') {
        seenNumber = true;
        flat.push(Number(v));
      } else if (v instanceof Tensor) {
        if (v.numel() !== 1) throw new RuntimeError('only one element tensors can be converted to Python scalars');
        const item = v.item();
        if (typeof item === 'number') {
          seenNumber = true;
          if (v.dtype.isFloatingPoint) kind = 'float';
        }
        flat.push(item);
      } else throw new TypeError(`Could not infer dtype of ${typeof v}`);
      return;
    }
    if (!Array.isArray(v)) throw new TypeError('not a sequence');
    if (v.length !== shape[d]) throw new ValueError(`expected sequence of length ${shape[d]} at dim ${d} (got ${v.length})`);
    for (const x of v) walk(x, d + 1);
  };
  walk(data, 0);
  if (seenNumber && kind === 'bool') kind = 'int';
  if (flat.length === 0) kind = 'float';
  return { shape, flat, kind };
}

const arrayDtypes = new Map<unknown, DType>([
  [Float32Array, float32], [Float64Array, float64], [Int32Array, int32], [Int16Array, int16],
  [Int8Array, int8], [Uint8Array, uint8],
]);

/**
 * A tensor from JS data: nested arrays of numbers or booleans, a number, a boolean, or a
 * TypedArray (copied). Integers give int64, any fraction gives float32 (the default dtype),
 * booleans give bool — note `1.0` is the integer `1` in JS: pass `{ dtype }` for floats.
 *
 * @example
 * ```ts
 * torch.tensor([5.5, 3]);                         // tensor([5.5000, 3.0000])
 * torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 });
 * ```
 */
export function tensor(data: NestedArray | TypedArray | Tensor, opts: FactoryOptions = {}): Tensor {
  if (data instanceof Tensor) {
    const { dtype, dev } = resolve(opts, data.dtype);
    return finish(data.detach().to(dev, dtype, { copy: true }), opts);
  }
  if (ArrayBuffer.isView(data)) {
    const arr = data as TypedArray;
    const natural = arrayDtypes.get(arr.constructor);
    if (!natural) throw new TypeError(`tensor(): unsupported array type ${arr.constructor.name}`);
    const { dtype, dev } = resolve(opts, natural);
    const host = natural === dtype ? arr.slice() : convertArray(arr, dtype);
    return finish(fromHost(host, [arr.length], dtype, dev), opts);
  }
  const { shape, flat, kind } = inferNested(data);
  const fallback = kind === 'bool' ? bool : kind === 'int' ? int64 : getDefaultDtype();
  const { dtype, dev } = resolve(opts, fallback);
  const host = new dtype.ArrayType(flat.length);
  for (let i = 0; i < flat.length; i++) host[i] = toStored(flat[i]!, dtype);
  const t = fromHost(host, shape, dtype, dev);
  return finish(t, opts);
}

function convertArray(arr: TypedArray, dtype: DType): TypedArray {
  const out = new dtype.ArrayType(arr.length);
  for (let i = 0; i < arr.length; i++) out[i] = toStored(arr[i]!, dtype);
  return out;
}

/** Options of {@link fromTypedArray}. */
export interface FromTypedArrayOptions {
  /** Reinterpret the array as this dtype (int64 from a Float64Array of integers, bool from a Uint8Array). */
  dtype?: DTypeLike;
}

/**
 * A CPU tensor over an existing TypedArray, sharing its memory (PyTorch's `torch.from_numpy`):
 * writes to either are seen by both. `shape` defaults to 1-d.
 *
 * @example
 * ```ts
 * const a = new Float32Array([1, 2, 3]);
 * const t = torch.fromTypedArray(a);
 * t.add_(1); // a is now [2, 3, 4]
 * ```
 */
export function fromTypedArray(
  data: TypedArray,
  shape?: readonly number[],
  opts: FromTypedArrayOptions = {},
): Tensor {
  const natural = arrayDtypes.get(data.constructor);
  if (!natural) throw new TypeError(`fromTypedArray(): unsupported array type ${data.constructor.name}`);
  const dtype = opts.dtype !== undefined ? toDType(opts.dtype) : natural;
  if (dtype.ArrayType !== data.constructor) {
    throw new TypeError(`fromTypedArray(): a ${data.constructor.name} cannot hold ${dtype} (it needs a ${dtype.ArrayType.name})`);
  }
  const dims = shape ? [...shape] : [data.length];
  if (numelOf(dims) !== data.length) {
    throw new RuntimeError(`shape '[${dims.join(', ')}]' is invalid for input of size ${data.length}`);
  }
  const dev = toDevice('cpu');
  const backend = backendFor(dev);
  if (!backend.wrap) throw new RuntimeError('the cpu backend cannot wrap TypedArrays');
  const storage = new Storage(backend, backend.wrap(dtype, data, 0), dev, dtype);
  return new Tensor(storage, dims, contiguousStrides(dims), 0);
}

/** Options of {@link arange}. */
export type RangeOptions = FactoryOptions;

/**
 * Values from `start` (inclusive) to `end` (exclusive) by `step`: `arange(5)`, `arange(1, 4)`,
 * `arange(0, 1, 0.25)`. Integer arguments give int64, otherwise the default float dtype.
 */
export function arange(end: number, opts?: RangeOptions): Tensor;
export function arange(start: number, end: number, opts?: RangeOptions): Tensor;
export function arange(start: number, end: number, step: number, opts?: RangeOptions): Tensor;
export function arange(...args: (number | RangeOptions | undefined)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === 'number');
  const opts = (args.find((a) => typeof a === 'object') ?? {}) as RangeOptions;
  let [start, end, step] = nums.length === 1 ? [0, nums[0]!, 1] : [nums[0]!, nums[1]!, nums[2] ?? 1];
  if (step === 0) throw new RuntimeError('step must be nonzero');
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new RuntimeError('upper bound and larger bound inconsistent with step sign');
  }
  const allInt = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step);
  const { dtype, dev } = resolve(opts, allInt ? int64 : getDefaultDtype());
  const n = Math.max(0, Math.ceil((end - start) / step));
  return finish(fromHost(arangeValues(n, start, step, dtype), [n], dtype, dev), opts);
}

// ---- PyTorch's CPU range kernels, rounding for rounding ----
// PyTorch 1.13 (AVX2 dispatch) fills ranges with `cpu_serial_kernel_vec`: blocks of two vectors
// of 32 bytes each take a base value from the scalar formula and add k * step inside the vector;
// the remaining elements use the scalar formula. GCC contracts the scalar formulas and the
// double-precision vector ones into fused multiply-adds (not linspace's float32 vector ones).
// Matching that makes arange/linspace values identical to PyTorch's (checked by the goldens).

/** Elements per 32-byte vector (16 for float16's generic vector and bfloat16's AVX2 one). */
function vecSize(dtype: DType): number {
  return 32 / dtype.itemsize;
}

/** Fills `n` values: `scalar(i)` outside the vector blocks, `vec(base(blockStart), k)` inside. */
function blockFill(
  n: number,
  dtype: DType,
  scalar: (i: number) => number,
  vecBase: (i: number) => number,
  vec: (base: number, k: number) => number,
): TypedArray {
  const out = new dtype.ArrayType(n);
  const v = vecSize(dtype);
  let i = 0;
  for (; i <= n - 2 * v; i += 2 * v) {
    for (const blk of [i, i + v]) {
      const base = vecBase(blk);
      for (let k = 0; k < v; k++) out[blk + k] = vec(base, k);
    }
  }
  for (; i < n; i++) out[i] = scalar(i);
  return out;
}

const fr = Math.fround;

/** PyTorch's `arange_kernel`: `start + step * i` in the accumulate type (double; float for half and bfloat16). */
function arangeValues(n: number, start: number, step: number, dtype: DType): TypedArray {
  if (dtype === float32) {
    const f = (i: number): number => fr(fma(step, i, start));
    return blockFill(n, dtype, f, f, (base, k) => fr(fma(k, step, base)));
  }
  if (dtype === float64) {
    const f = (i: number): number => fma(step, i, start);
    return blockFill(n, dtype, f, f, (base, k) => fma(k, step, base));
  }
  const reduced = reducedRound(dtype);
  if (reduced) {
    const s = fr(start), st = fr(step);
    const f = (i: number): number => reduced(fma32(st, i, s));
    return blockFill(n, dtype, f, f, (base, k) => reduced(fma32(k, st, base)));
  }
  const out = new dtype.ArrayType(n);
  for (let i = 0; i < n; i++) out[i] = toStored(start + i * step, dtype);
  return out;
}

/** The rounding of float16 or bfloat16 (whose scalar arithmetic rounds every step), else undefined. */
function reducedRound(dtype: DType): ((x: number) => number) | undefined {
  return dtype === float16 ? roundToFloat16 : dtype === bfloat16 ? roundBFloat16 : undefined;
}

/** PyTorch's `linspace_kernel`: the first half counts up from start, the second down from end. */
function linspaceValues(steps: number, start: number, end: number, dtype: DType): TypedArray {
  if (steps === 1) {
    const out = new dtype.ArrayType(1);
    out[0] = reducedRound(dtype)?.(start) ?? toStored(start, dtype);
    return out;
  }
  const half = Math.floor(steps / 2);
  if (dtype === float32 || dtype === float64) {
    const r = dtype === float32 ? fr : (x: number): number => x;
    const fused = dtype === float32 ? fma32 : fma;
    const s = r(start), e = r(end);
    const step = r(r(e - s) / (steps - 1));
    const f = (i: number): number => (i < half ? fused(step, i, s) : fused(-step, steps - i - 1, e));
    return blockFill(steps, dtype, f, f, (base, k) => r(base + r(k * step)));
  }
  const h = reducedRound(dtype);
  if (h) {
    // c10::Half / c10::BFloat16 arithmetic: every operation rounds to the dtype.
    const s = h(start), e = h(end);
    const step = h(h(e - s) / h(steps - 1));
    const f = (i: number): number => (i < half ? h(s + h(step * h(i))) : h(e - h(step * h(steps - i - 1))));
    return blockFill(steps, dtype, f, f, (base, k) => h(base + h(h(k) * step)));
  }
  // Integer dtypes: start and end truncated, a double step, each value truncated.
  const s = toStored(start, dtype), e = toStored(end, dtype);
  const step = (e - s) / (steps - 1);
  const f = (i: number): number => Math.trunc(i < half ? fma(step, i, s) : fma(-step, steps - i - 1, e));
  return blockFill(steps, dtype, f, f, (base, k) => Math.trunc(base + k * step));
}

/** `steps` values evenly spaced from `start` to `end` inclusive. */
export function linspace(start: number, end: number, steps: number, opts: FactoryOptions = {}): Tensor {
  if (steps < 0) throw new RuntimeError('number of steps must be non-negative');
  const { dtype, dev } = resolve(opts, getDefaultDtype());
  const host = steps === 0 ? new dtype.ArrayType(0) : linspaceValues(steps, start, end, dtype);
  return finish(fromHost(host, [steps], dtype, dev), opts);
}

/** An `n` x `m` identity matrix (m defaults to n). */
export function eye(n: number, m?: number | FactoryOptions, opts: FactoryOptions = {}): Tensor {
  if (typeof m === 'object') {
    opts = m;
    m = undefined;
  }
  const cols = m ?? n;
  if (n < 0) throw new RuntimeError(`n must be greater or equal to 0, got ${n}`);
  if (cols < 0) throw new RuntimeError(`m must be greater or equal to 0, got ${cols}`);
  const { dtype, dev } = resolve(opts, getDefaultDtype());
  const host = new dtype.ArrayType(n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) host[i * cols + i] = 1;
  return finish(fromHost(host, [n, cols], dtype, dev), opts);
}

function floatDtypeName(dtype: DType): 'float32' | 'float64' | 'float16' {
  if (!dtype.isFloatingPoint) {
    throw new RuntimeError(`"check_uniform_bounds" not implemented for '${dtype.name}'`);
  }
  return dtype.name as 'float32' | 'float64' | 'float16';
}

/**
 * A new tensor filled on its device by the backend's Philox kernel, or null when the backend
 * has none or a generator was given (see ops/device-random.ts).
 */
function onDevice(shape: number[], dtype: DType, dev: Device, opts: RandomOptions, kind: 'uniform' | 'normal'): Tensor | null {
  if (opts.generator !== undefined || !backendFor(dev).fused?.random) return null;
  const t = emptyTensor(shape, dtype, dev);
  deviceRandomFill(t, t._view(), kind, 0, 1); // [0, 1) or mean 0, std 1
  return t;
}

/**
 * Uniform random values in [0, 1): the same numbers as PyTorch after the same `manualSeed` on
 * the CPU; on a device with a random kernel (CUDA), Philox numbers drawn there (not PyTorch's
 * CUDA numbers, see `FusedKernels.random`).
 */
export function rand(...args: SizeAndOptions<RandomOptions>): Tensor {
  const { shape, opts } = splitSizeArgs<RandomOptions>(args);
  const { dtype, dev } = resolve(opts, getDefaultDtype());
  floatDtypeName(dtype);
  const fused = onDevice(shape, dtype, dev, opts, 'uniform');
  if (fused) return finish(fused, opts);
  const data = sample.uniform(opts.generator ?? defaultGenerator, numelOf(shape), floatDtypeName(dtype), 0, 1);
  return finish(fromHost(data, shape, dtype, dev), opts);
}

/**
 * Standard normal random values: the same numbers as PyTorch after the same `manualSeed` on
 * the CPU; on a device with a random kernel (CUDA), Philox numbers drawn there.
 */
export function randn(...args: SizeAndOptions<RandomOptions>): Tensor {
  const { shape, opts } = splitSizeArgs<RandomOptions>(args);
  const { dtype, dev } = resolve(opts, getDefaultDtype());
  floatDtypeName(dtype);
  const fused = onDevice(shape, dtype, dev, opts, 'normal');
  if (fused) return finish(fused, opts);
  const data = sample.normal(opts.generator ?? defaultGenerator, numelOf(shape), floatDtypeName(dtype), 0, 1);
  return finish(fromHost(data, shape, dtype, dev), opts);
}

/** Random integers in [low, high): `randint(10, [3])`, `randint(3, 10, [2, 2])` (int64 by default). */
export function randint(high: number, size: readonly number[], opts?: RandomOptions): Tensor;
export function randint(low: number, high: number, size: readonly number[], opts?: RandomOptions): Tensor;
export function randint(...args: (number | readonly number[] | RandomOptions | undefined)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === 'number');
  const size = args.find((a) => Array.isArray(a)) as number[] | undefined;
  const opts = (args.find((a) => a && typeof a === 'object' && !Array.isArray(a)) ?? {}) as RandomOptions;
  if (!size) throw new TypeError('randint() missing required argument: size');
  const [low, high] = nums.length === 1 ? [0, nums[0]!] : [nums[0]!, nums[1]!];
  const { dtype, dev } = resolve(opts, int64);
  const data = sample.randint(opts.generator ?? defaultGenerator, numelOf(size), low, high);
  const host = dtype === int64 ? data : convertArray(data, dtype);
  return finish(fromHost(host, size, dtype, dev), opts);
}

/** A random permutation of 0..n-1 (int64), as PyTorch's CPU `randperm`. */
export function randperm(n: number, opts: RandomOptions = {}): Tensor {
  const { dtype, dev } = resolve(opts, int64);
  const data = sample.randperm(opts.generator ?? defaultGenerator, n);
  const host = dtype === int64 ? data : convertArray(data, dtype);
  return finish(fromHost(host, [n], dtype, dev), opts);
}

function likeOpts(t: Tensor, opts: FactoryOptions = {}): FactoryOptions {
  return { dtype: opts.dtype ?? t.dtype, device: opts.device ?? t.device, requiresGrad: opts.requiresGrad };
}

/** Zeros with `t`'s shape, dtype and device. */
export function zerosLike(t: Tensor, opts?: FactoryOptions): Tensor {
  return zeros(t._shape, likeOpts(t, opts));
}
/** Ones with `t`'s shape, dtype and device. */
export function onesLike(t: Tensor, opts?: FactoryOptions): Tensor {
  return ones(t._shape, likeOpts(t, opts));
}
/** Uninitialised, with `t`'s shape, dtype and device. */
export function emptyLike(t: Tensor, opts?: FactoryOptions): Tensor {
  return empty(t._shape, likeOpts(t, opts));
}
/** `fillValue` with `t`'s shape, dtype and device. */
export function fullLike(t: Tensor, fillValue: number | boolean, opts?: FactoryOptions): Tensor {
  return full(t._shape, fillValue, likeOpts(t, opts));
}
/** Uniform random values with `t`'s shape, dtype and device. */
export function randLike(t: Tensor, opts?: RandomOptions): Tensor {
  return rand(t._shape, { ...opts, ...likeOpts(t, opts) });
}
/** Normal random values with `t`'s shape, dtype and device. */
export function randnLike(t: Tensor, opts?: RandomOptions): Tensor {
  return randn(t._shape, { ...opts, ...likeOpts(t, opts) });
}
/** Random integers in [low, high) with `t`'s shape, dtype and device. */
export function randintLike(t: Tensor, low: number, high?: number, opts?: RandomOptions): Tensor {
  const [lo, hi] = high === undefined ? [0, low] : [low, high];
  return randint(lo, hi, t._shape, { ...opts, ...likeOpts(t, opts) });
}

declare module '../tensor.js' {
  interface Tensor {
    /** A new tensor from data, with this tensor's dtype and device by default. */
    newTensor(data: NestedArray | TypedArray, opts?: FactoryOptions): Tensor;
    /** Zeros with this tensor's dtype and device. */
    newZeros(...args: SizeAndOptions<FactoryOptions>): Tensor;
    /** Ones with this tensor's dtype and device. */
    newOnes(...args: SizeAndOptions<FactoryOptions>): Tensor;
    /** Uninitialised, with this tensor's dtype and device. */
    newEmpty(...args: SizeAndOptions<FactoryOptions>): Tensor;
    /** `fillValue` with this tensor's dtype and device. */
    newFull(size: readonly number[], fillValue: number | boolean, opts?: FactoryOptions): Tensor;
  }
}

function newWith(t: Tensor, args: readonly unknown[], fn: (...a: SizeAndOptions<FactoryOptions>) => Tensor): Tensor {
  const { shape, opts } = splitSizeArgs<FactoryOptions>(args);
  return fn(shape, likeOpts(t, opts));
}

installMethods({
  newTensor(this: Tensor, data: NestedArray | TypedArray, opts?: FactoryOptions) {
    return tensor(data, likeOpts(this, opts));
  },
  newZeros(this: Tensor, ...args: unknown[]) { return newWith(this, args, zeros); },
  newOnes(this: Tensor, ...args: unknown[]) { return newWith(this, args, ones); },
  newEmpty(this: Tensor, ...args: unknown[]) { return newWith(this, args, empty); },
  newFull(this: Tensor, size: readonly number[], fillValue: number | boolean, opts?: FactoryOptions) {
    return full(size, fillValue, likeOpts(this, opts));
  },
});
