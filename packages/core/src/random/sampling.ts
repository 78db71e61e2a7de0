/**
 * PyTorch's CPU sampling kernels, number for number: given a {@link Generator} in the same
 * state, each function returns exactly what the matching PyTorch 1.13 call writes into a
 * contiguous CPU tensor (x86-64 with AVX2, PyTorch's usual CPU dispatch), and leaves the
 * generator in the same state. Results are flat TypedArrays in torchts' CPU storage
 * format (float16 values in a Float32Array, int64 values in a Float64Array); the tensor
 * layer wraps them.
 * @module
 */
import type { DTypeName } from '../dtype.js';
import { log256, sincos256 } from './avx-mathfun.js';
import { fma, fma32, roundToFloat16 } from './float-ops.js';
import { defaultGenerator, type Generator } from './generator.js';
import { log, sincos } from './libm.js';
import { RuntimeError } from '../errors.js';

/** Floating-point dtypes the continuous distributions support. */
export type FloatDTypeName = 'float32' | 'float64' | 'float16';

/** The TypedArray that stores `dtype` on the CPU. */
export type StorageOf<D extends DTypeName> = D extends 'float32' | 'float16'
  ? Float32Array
  : D extends 'float64' | 'int64'
    ? Float64Array
    : D extends 'int32'
      ? Int32Array
      : D extends 'int16'
        ? Int16Array
        : D extends 'int8'
          ? Int8Array
          : Uint8Array;

const fr = Math.fround;
const TWO_M11 = 2 ** -11;
const TWO_M24 = 2 ** -24;
const TWO_M53 = 2 ** -53;
const TWO_32 = 4294967296;
const TWO_PI = 2 * Math.PI; // 2.0 * c10::pi<double>, exact doubling
const TWO_PI_F = fr(2 * Math.PI); // _mm256_set1_ps(2.0f * c10::pi<double>)

// ----------------------------------------------------------------------------- helpers

function gen(g: Generator | null | undefined): Generator {
  return g ?? defaultGenerator;
}

function checkNumel(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new TypeError(`expected a non-negative integer number of elements, but got ${String(n)}`);
  }
  if (n < 0) throw new RuntimeError(`Trying to create tensor with negative dimension ${n}: [${n}]`);
}

type Storage = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array;

function allocate(dtype: DTypeName, n: number): Storage {
  switch (dtype) {
    case 'float32':
    case 'float16':
      return new Float32Array(n);
    case 'float64':
    case 'int64':
      return new Float64Array(n);
    case 'int32':
      return new Int32Array(n);
    case 'int16':
      return new Int16Array(n);
    case 'int8':
      return new Int8Array(n);
    case 'uint8':
    case 'bool':
      return new Uint8Array(n);
    default:
      throw new TypeError(`unknown dtype '${String(dtype)}'`);
  }
}

/** C++ names of the float types, as PyTorch's messages print them. */
const CPP_NAME: Record<FloatDTypeName, string> = { float32: 'Float', float64: 'Double', float16: 'Half' };
const TYPEMETA_NAME: Record<FloatDTypeName, string> = { float32: 'float', float64: 'double', float16: 'c10::Half' };
const FLOAT_MAX: Record<FloatDTypeName, number> = {
  float32: 3.4028234663852886e38,
  float64: Number.MAX_VALUE,
  float16: 65504,
};

function checkFloatDtype(dtype: string, kernel: string): asserts dtype is FloatDTypeName {
  if (dtype !== 'float32' && dtype !== 'float64' && dtype !== 'float16') {
    const names: Record<string, string> = {
      int64: 'Long', int32: 'Int', int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
    };
    throw new RuntimeError(`"${kernel}" not implemented for '${names[dtype] ?? String(dtype)}'`);
  }
}

/** Formats a double as C++'s `operator<<` does by default (`%g`, 6 significant digits). */
export function formatCppDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mant, expStr] = x.toExponential(5).split('e') as [string, string];
  const exp = Number(expStr);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) {
    const e = Math.abs(exp);
    return `${strip(mant)}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  return strip(x.toFixed(Math.max(0, 5 - exp)));
}

/** A double-precision uniform in [0, 1): 53 bits of `random64()` (PyTorch's `uniform_real_distribution<double>`). */
function uniform53(g: Generator): number {
  return g.engine.nextUint53() * TWO_M53;
}

/** A float32 uniform in [0, 1): 24 bits of one draw. */
function uniform24(g: Generator): number {
  return (g.engine.nextUint32() & 0xffffff) * TWO_M24;
}

// ----------------------------------------------------------------------------- uniform

/**
 * `torch.rand(n)` / `Tensor.uniform_(from, to)` on the CPU: `n` uniforms in [from, to).
 * float32 uses 24 bits of one 32-bit draw, float64 53 bits of two draws, float16 11 bits
 * of one draw, each scaled as PyTorch's `uniform_real_distribution` (with its fused
 * multiply-add).
 *
 * @example
 * ```ts
 * const g = new Generator().manualSeed(0);
 * uniform(g, 3, 'float32'); // Float32Array [0.4962566, 0.7682218, 0.0884774], as torch.rand(3)
 * ```
 */
export function uniform(g: Generator | null | undefined, n: number, dtype?: 'float32', from?: number, to?: number): Float32Array;
export function uniform(g: Generator | null | undefined, n: number, dtype: 'float16', from?: number, to?: number): Float32Array;
export function uniform(g: Generator | null | undefined, n: number, dtype: 'float64', from?: number, to?: number): Float64Array;
export function uniform(g: Generator | null | undefined, n: number, dtype?: FloatDTypeName, from?: number, to?: number): Float32Array | Float64Array;
export function uniform(
  g: Generator | null | undefined,
  n: number,
  dtype: FloatDTypeName = 'float32',
  from = 0,
  to = 1,
): Float32Array | Float64Array {
  checkNumel(n);
  checkFloatDtype(dtype, 'check_uniform_bounds');
  checkUniformBounds(dtype, from, to);
  const r = gen(g);
  const mt = r.engine;
  if (dtype === 'float64') {
    const out = new Float64Array(n);
    const range = to - from;
    if (range === 1 && from === 0) {
      for (let i = 0; i < n; i++) out[i] = mt.nextUint53() * TWO_M53; // fma(x, 1, 0) is x
    } else {
      for (let i = 0; i < n; i++) out[i] = fma(mt.nextUint53() * TWO_M53, range, from);
    }
    return out;
  }
  const out = new Float32Array(n);
  if (dtype === 'float32') {
    const f = fr(from);
    const range = fr(fr(to) - f);
    if (range === 1 && f === 0) {
      for (let i = 0; i < n; i++) out[i] = (mt.nextUint32() & 0xffffff) * TWO_M24;
    } else {
      for (let i = 0; i < n; i++) out[i] = fma32((mt.nextUint32() & 0xffffff) * TWO_M24, range, f);
    }
    return out;
  }
  // float16: bounds are halves, their difference is a half; the arithmetic is float.
  const f = roundToFloat16(from);
  const range = roundToFloat16(fr(roundToFloat16(to) - f));
  for (let i = 0; i < n; i++) out[i] = roundToFloat16(fma32((mt.nextUint32() & 0x7ff) * TWO_M11, range, f));
  return out;
}

/** PyTorch's `check_uniform_bounds`. */
function checkUniformBounds(dtype: FloatDTypeName, from: number, to: number): void {
  const max = FLOAT_MAX[dtype];
  if (!(from >= -max && from <= max)) throw new RuntimeError(`from is out of bounds for ${TYPEMETA_NAME[dtype]}`);
  if (!(to >= -max && to <= max)) throw new RuntimeError(`to is out of bounds for ${TYPEMETA_NAME[dtype]}`);
  if (!(from <= to)) {
    throw new RuntimeError(
      `uniform_ expects to return a [from, to) range, but found from=${formatCppDouble(from)} > to=${formatCppDouble(to)}`,
    );
  }
  if (!(to - from <= max)) {
    throw new RuntimeError(
      `uniform_ expects to-from <= std::numeric_limits<${CPP_NAME[dtype]}>::max(), but found to=${formatCppDouble(to)} and from=${formatCppDouble(from)} which result in to-from to exceed the limit`,
    );
  }
}

// ------------------------------------------------------------------------------ normal

/**
 * `torch.randn(n)` / `Tensor.normal_(mean, std)` on the CPU.
 *
 * As in PyTorch, tensors of 16 or more elements take the vectorised path (`normal_fill`):
 * all uniforms are drawn first, Box-Muller transforms them in blocks of 16 (the first 8 as
 * `1 - u` radii, the last 8 as angles), and when `n % 16 != 0` the last 16 elements are
 * redrawn and transformed again. float32 uses the AVX2 kernel's float32 polynomials;
 * float64 uses glibc's `log` and `sincos`. Smaller tensors draw one double-precision
 * Box-Muller pair at a time and keep the second value in the generator for the next call.
 *
 * @example
 * ```ts
 * const g = new Generator().manualSeed(0);
 * normal(g, 2, 'float32'); // Float32Array [1.5409961, -0.2934289], as torch.randn(2)
 * ```
 */
export function normal(g: Generator | null | undefined, n: number, dtype?: 'float32', mean?: number, std?: number): Float32Array;
export function normal(g: Generator | null | undefined, n: number, dtype: 'float16', mean?: number, std?: number): Float32Array;
export function normal(g: Generator | null | undefined, n: number, dtype: 'float64', mean?: number, std?: number): Float64Array;
export function normal(g: Generator | null | undefined, n: number, dtype?: FloatDTypeName, mean?: number, std?: number): Float32Array | Float64Array;
export function normal(
  g: Generator | null | undefined,
  n: number,
  dtype: FloatDTypeName = 'float32',
  mean = 0,
  std = 1,
): Float32Array | Float64Array {
  checkNumel(n);
  checkFloatDtype(dtype, 'normal_kernel_cpu');
  if (!(std >= 0.0)) throw new RuntimeError(`normal expects std >= 0.0, but found std ${formatCppDouble(std)}`);
  const r = gen(g);
  if (n < 16) {
    // The serial kernel: normal_distribution<double>, cast to the dtype.
    if (dtype === 'float64') {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = normalSample(r, mean, std);
      return out;
    }
    const out = new Float32Array(n);
    const cast = dtype === 'float16' ? roundToFloat16 : fr;
    for (let i = 0; i < n; i++) out[i] = cast(normalSample(r, mean, std));
    return out;
  }
  if (dtype === 'float64') return normalFillDouble(r, n, mean, std);
  if (dtype === 'float32') return normalFillAvx2(r, n, fr(mean), fr(std));
  return normalFillHalf(r, n, roundToFloat16(mean), roundToFloat16(std));
}

/** `x * std + mean` with one rounding, as the fused multiply-add PyTorch's kernels compile to. */
function affine(x: number, std: number, mean: number): number {
  return std === 1 ? x + mean : fma(x, std, mean);
}

/** The float32 `_mm256_fmadd_ps(x, std, mean)`. */
function affine32(x: number, std: number, mean: number): number {
  return std === 1 && mean === 0 ? x + 0 : fma32(x, std, mean);
}

const sincosOut = new Float64Array(2);
const sincosOut32 = new Float32Array(2);

/**
 * One sample of PyTorch's `normal_distribution<double>`: Box-Muller on two 53-bit
 * uniforms, returning `r cos(theta)` and caching `r sin(theta)` for the next call.
 */
function normalSample(g: Generator, mean: number, std: number): number {
  const cached = g.nextDoubleNormalSample;
  if (cached !== undefined) {
    g.nextDoubleNormalSample = undefined;
    return affine(cached, std, mean);
  }
  const u1 = uniform53(g);
  const u2 = uniform53(g);
  const radius = Math.sqrt(-2.0 * log(1.0 - u2));
  sincos(TWO_PI * u1, sincosOut);
  g.nextDoubleNormalSample = radius * sincosOut[0]!;
  return affine(radius * sincosOut[1]!, std, mean);
}

/** `normal_fill<double>`: uniforms first, then Box-Muller in blocks of 16. */
function normalFillDouble(g: Generator, n: number, mean: number, std: number): Float64Array {
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = uniform53(g);
  for (let i = 0; i + 16 <= n; i += 16) fill16Double(data, i, mean, std);
  if (n % 16 !== 0) {
    // Recompute the last 16 values.
    for (let i = n - 16; i < n; i++) data[i] = uniform53(g);
    fill16Double(data, n - 16, mean, std);
  }
  return data;
}

function fill16Double(data: Float64Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = 1 - data[o + j]!;
    const u2 = data[o + j + 8]!;
    const radius = Math.sqrt(-2 * log(u1));
    sincos(TWO_PI * u2, sincosOut);
    data[o + j] = affine(radius * sincosOut[1]!, std, mean);
    data[o + j + 8] = affine(radius * sincosOut[0]!, std, mean);
  }
}

/** `normal_fill_AVX2`: float32 uniforms, then the AVX2 Box-Muller in blocks of 16. */
function normalFillAvx2(g: Generator, n: number, mean: number, std: number): Float32Array {
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = uniform24(g);
  for (let i = 0; i + 16 <= n; i += 16) fill16Avx2(data, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) data[i] = uniform24(g);
    fill16Avx2(data, n - 16, mean, std);
  }
  return data;
}

function fill16Avx2(data: Float32Array, o: number, mean: number, std: number): void {
  for (let j = 0; j < 8; j++) {
    const u1 = fr(1 - data[o + j]!);
    const u2 = data[o + j + 8]!;
    const radius = fr(Math.sqrt(fr(-2 * log256(u1))));
    sincos256(fr(TWO_PI_F * u2), sincosOut32);
    data[o + j] = affine32(fr(radius * sincosOut32[1]!), std, mean);
    data[o + j + 8] = affine32(fr(radius * sincosOut32[0]!), std, mean);
  }
}

/**
 * `normal_fill<at::Half>`: half-precision uniforms and Box-Muller in float with every
 * intermediate rounded to half, as `c10::Half` arithmetic does. glibc's `logf`/`cosf`/
 * `sinf` are approximated by the correctly rounded float results.
 */
function normalFillHalf(g: Generator, n: number, mean: number, std: number): Float32Array {
  const data = new Float32Array(n);
  const draw = (): number => (g.engine.nextUint32() & 0x7ff) * TWO_M11;
  for (let i = 0; i < n; i++) data[i] = draw();
  for (let i = 0; i + 16 <= n; i += 16) fill16Half(data, i, mean, std);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) data[i] = draw();
    fill16Half(data, n - 16, mean, std);
  }
  return data;
}

function fill16Half(data: Float32Array, o: number, mean: number, std: number): void {
  const h = roundToFloat16;
  for (let j = 0; j < 8; j++) {
    const u1 = h(1 - data[o + j]!);
    const u2 = data[o + j + 8]!;
    const radius = h(fr(Math.sqrt(fr(-2 * fr(Math.log(u1))))));
    const theta = h(fr(TWO_PI * u2));
    data[o + j] = h(fma32(fr(radius * fr(Math.cos(theta))), std, mean));
    data[o + j + 8] = h(fma32(fr(radius * fr(Math.sin(theta))), std, mean));
  }
}

// ------------------------------------------------------------------------ integer draws

const U32_RANGE = 4294967296n;

/**
 * `torch.randint(low, high, (n,))` on the CPU: `random() % (high - low) + low` with one
 * 32-bit draw per element when the range is below 2^32, else `random64()`. Returns int64
 * values in a Float64Array (exact while |value| <= 2^53).
 *
 * @example
 * ```ts
 * const g = new Generator().manualSeed(0);
 * randint(g, 5, 0, 10); // Float64Array [4, 9, 3, 0, 3], as torch.randint(0, 10, (5,))
 * ```
 */
export function randint(g: Generator | null | undefined, n: number, low: number | bigint, high: number | bigint): Float64Array {
  checkNumel(n);
  const from = toInt64(low, 'low');
  const to = toInt64(high, 'high');
  if (!(from < to)) {
    throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  }
  const r = gen(g);
  const mt = r.engine;
  const out = new Float64Array(n);
  const range = to - from;
  if (range < U32_RANGE) {
    const rn = Number(range);
    const base = Number(from);
    if (Number.isSafeInteger(base) && Number.isSafeInteger(base + rn)) {
      for (let i = 0; i < n; i++) out[i] = (mt.nextUint32() % rn) + base;
    } else {
      for (let i = 0; i < n; i++) out[i] = Number(BigInt.asIntN(64, BigInt(mt.nextUint32() % rn) + from));
    }
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = Number(BigInt.asIntN(64, (mt.random64() % range) + from));
  return out;
}

function toInt64(v: number | bigint, name: string): bigint {
  if (typeof v === 'number') {
    if (!Number.isInteger(v)) throw new TypeError(`randint(): argument '${name}' must be an integer, but got ${v}`);
    v = BigInt(v);
  }
  if (v < -(1n << 63n) || v >= 1n << 63n) throw new RuntimeError('Overflow when unpacking long');
  return v;
}

/**
 * `Tensor.random_()` with no bounds on the CPU: uniform integers over the dtype's
 * "natural" range: [0, 2^63) for int64 (from `random64()`), [0, 2^31) for int32,
 * [0, 2^24] for float32, [0, 2^53] for float64, [0, 2^11] for float16, [0, 2^15) for int16,
 * [0, 2^7) for int8, [0, 2^8) for uint8, {0, 1} for bool. int64 values above 2^53 are
 * rounded to the nearest double; use {@link randomInt64} when every bit matters.
 */
export function random_<D extends DTypeName>(g: Generator | null | undefined, n: number, dtype: D): StorageOf<D>;
export function random_(g: Generator | null | undefined, n: number, dtype: DTypeName): Storage {
  checkNumel(n);
  const out = allocate(dtype, n);
  const mt = gen(g).engine;
  switch (dtype) {
    case 'int64':
      for (let i = 0; i < n; i++) {
        const hi = mt.nextUint32() & 0x7fffffff;
        out[i] = hi * TWO_32 + mt.nextUint32();
      }
      break;
    case 'float64':
      for (let i = 0; i < n; i++) {
        // random64() % (2^53 + 1), using 2^53 = -1 (mod 2^53 + 1).
        const hi = mt.nextUint32();
        const lo = mt.nextUint32();
        const a = hi >>> 21; // bits 53..63
        const b = (hi & 0x1fffff) * TWO_32 + lo; // bits 0..52
        out[i] = b >= a ? b - a : 9007199254740992 - (a - b - 1);
      }
      break;
    case 'float32':
      for (let i = 0; i < n; i++) out[i] = mt.nextUint32() % 16777217;
      break;
    case 'float16':
      for (let i = 0; i < n; i++) out[i] = mt.nextUint32() % 2049;
      break;
    case 'int32':
      for (let i = 0; i < n; i++) out[i] = mt.nextUint32() % 2147483648;
      break;
    case 'int16':
      for (let i = 0; i < n; i++) out[i] = mt.nextUint32() % 32768;
      break;
    case 'int8':
      for (let i = 0; i < n; i++) out[i] = mt.nextUint32() % 128;
      break;
    case 'uint8':
      for (let i = 0; i < n; i++) out[i] = mt.nextUint32() % 256;
      break;
    case 'bool':
      for (let i = 0; i < n; i++) out[i] = mt.nextUint32() & 1;
      break;
  }
  return out;
}

/**
 * `torch.empty(n, dtype=torch.int64).random_()` with every bit: `random64() % 2^63` as
 * BigInts. PyTorch's DataLoader seeds its samplers this way
 * (`int(torch.empty((), dtype=torch.int64).random_().item())`).
 *
 * @example
 * ```ts
 * const seed = randomInt64(defaultGenerator, 1)[0]!;
 * const samplerGenerator = new Generator().manualSeed(seed);
 * ```
 */
export function randomInt64(g: Generator | null | undefined, n: number): BigInt64Array {
  checkNumel(n);
  const mt = gen(g).engine;
  const out = new BigInt64Array(n);
  for (let i = 0; i < n; i++) {
    const hi = mt.nextUint32() & 0x7fffffff;
    out[i] = (BigInt(hi) << 32n) | BigInt(mt.nextUint32());
  }
  return out;
}

/**
 * `torch.randperm(n)` on the CPU: a Fisher-Yates shuffle of 0..n-1 that swaps element i
 * with element `i + random() % (n - i)`, one 32-bit draw per step (n - 1 draws), as
 * PyTorch 1.13 does for every n. Returns int64 values in a Float64Array.
 *
 * @example
 * ```ts
 * const g = new Generator().manualSeed(0);
 * randperm(g, 5); // Float64Array [4, 0, 1, 3, 2], as torch.randperm(5)
 * ```
 */
export function randperm(g: Generator | null | undefined, n: number): Float64Array {
  checkNumel(n);
  const mt = gen(g).engine;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = mt.nextUint32() % (n - i);
    const sav = out[i]!;
    out[i] = out[z + i]!;
    out[z + i] = sav;
  }
  return out;
}

/**
 * `torch.empty(n, dtype=dtype).bernoulli_(p)` for a scalar p on the CPU (the kernel
 * dropout uses): each element is 1 when a 53-bit double uniform is below p, else 0.
 * This is PyTorch's default kernel, used by builds without MKL (Debian's, and the one
 * this was checked against); builds with MKL draw through MKL's own stream instead.
 *
 * @example
 * ```ts
 * bernoulli(new Generator().manualSeed(0), 4, 0.5); // Float32Array [0, 0, 1, 0], as torch.empty(4).bernoulli_(0.5)
 * ```
 */
export function bernoulli<D extends DTypeName = 'float32'>(
  g: Generator | null | undefined,
  n: number,
  p: number,
  dtype?: D,
): StorageOf<D>;
export function bernoulli(g: Generator | null | undefined, n: number, p: number, dtype: DTypeName = 'float32'): Storage {
  checkNumel(n);
  if (!(p >= 0 && p <= 1)) throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${formatCppDouble(p)}`);
  const out = allocate(dtype, n);
  const r = gen(g);
  for (let i = 0; i < n; i++) out[i] = uniform53(r) < p ? 1 : 0;
  return out;
}
