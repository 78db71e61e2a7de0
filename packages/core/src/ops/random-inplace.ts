/**
 * In-place random fills: `uniform_`, `normal_`, `random_`, `bernoulli_`, and
 * `torch.bernoulli`. After the same `torch.manualSeed`, they write what PyTorch's CPU
 * kernels write.
 *
 * Like PyTorch's serial kernels, values are drawn in the tensor's memory order (a transposed
 * tensor is filled as its storage is laid out, not row-major), and `normal_` on a
 * non-contiguous tensor of 16 or more elements draws one sample at a time instead of the
 * vectorised path a contiguous tensor (and `randn`) uses.
 *
 * On a device whose backend has a `random` kernel (CUDA), and when no `generator` is given,
 * `uniform_`, `normal_` and `bernoulli_` with a number draw Philox numbers on the device
 * instead (ops/device-random.ts): not PyTorch's CUDA numbers, and the CPU stream is untouched.
 *
 * Ops recorded for autograd (all in place, through `runInplace`, inputs = [self snapshot]):
 * `'uniform'`, `'normal'`, `'random'`, `'bernoulli'` with args `{}`: their derivative with
 * respect to self is zero (the old values are overwritten). `torch.bernoulli(probs)` is not
 * differentiable and records nothing.
 * @module
 */
import { type DType, float32, float64, int64 } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import type { View } from '../backend.js';
import { broadcastStrides, contiguousStrides } from '../shape.js';
import { noGrad } from '../grad-mode.js';
import { Tensor } from '../tensor.js';
import { defaultGenerator, type Generator } from '../random/generator.js';
import * as sample from '../random/sampling.js';
import { fromHost } from './creation.js';
import { emptyTensor, installMethods, scalarTypeName } from './helpers.js';
import { runInplace } from './inplace.js';
import { deviceRandomFill, usesDeviceRandom } from './device-random.js';

/** The `{ generator }` option of the random fills. */
export interface GeneratorOptions {
  /** The generator to draw from (default: the global one seeded by `torch.manualSeed`). */
  generator?: Generator;
}

/** Runs a sampling function, reporting its errors as PyTorch's RuntimeError. */
function sampled<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof Error && !(e instanceof RuntimeError) && !(e instanceof TypeError)) throw new RuntimeError(e.message);
    throw e;
  }
}

/**
 * `t` permuted so that row-major order over the result is t's memory order, the order in
 * which PyTorch's TensorIterator visits a single output (dims sorted by decreasing stride).
 */
function memoryOrder(t: Tensor): View {
  const dims = t._shape.map((_, i) => i).filter((i) => t._shape[i]! > 1);
  for (const d of dims) {
    if (t._strides[d] === 0) {
      throw new RuntimeError(
        'unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.',
      );
    }
  }
  // Stable: equal strides keep their order.
  dims.sort((a, b) => t._strides[b]! - t._strides[a]!);
  return { buffer: t._storage.buffer, shape: dims.map((d) => t._shape[d]!), strides: dims.map((d) => t._strides[d]!), offset: t._offset };
}

/** Writes `data` (values in memory order, in `dtype`'s CPU array) into `self`. */
function writeInMemoryOrder(self: Tensor, data: ArrayLike<number>, dtype: DType): void {
  const target = memoryOrder(self);
  const staged = fromHost(data as never, target.shape, dtype, self.device);
  self._storage.backend.copy(
    { buffer: staged._storage.buffer, shape: target.shape, strides: contiguousStrides(target.shape), offset: 0 },
    target,
  );
  staged.dispose();
}

function gen(opts?: GeneratorOptions): Generator {
  return opts?.generator ?? defaultGenerator;
}

function floatName(self: Tensor, kernel: string): 'float32' | 'float64' | 'float16' {
  if (!self.dtype.isFloatingPoint) {
    throw new RuntimeError(`"${kernel}" not implemented for '${scalarTypeName(self.dtype)}'`);
  }
  return self.dtype.name as 'float32' | 'float64' | 'float16';
}

function uniformInplace(self: Tensor, from = 0, to = 1, opts?: GeneratorOptions): Tensor {
  self._checkAlive();
  const name = floatName(self, 'check_uniform_bounds');
  memoryOrder(self);
  return runInplace('uniform', self, [], {}, () => {
    if (usesDeviceRandom(self, opts?.generator)) {
      sampled(() => sample.uniform(gen(opts), 0, name, from, to)); // PyTorch's bound checks; draws nothing
      return deviceRandomFill(self, memoryOrder(self), 'uniform', from, to);
    }
    const data = sampled(() => sample.uniform(gen(opts), self.numel(), name, from, to));
    writeInMemoryOrder(self, data, self.dtype);
  });
}

function normalInplace(self: Tensor, mean = 0, std = 1, opts?: GeneratorOptions): Tensor {
  self._checkAlive();
  const name = floatName(self, 'normal_kernel_cpu');
  if (!(std >= 0)) throw new RuntimeError(`normal expects std >= 0.0, but found std ${sample.formatCppDouble(std)}`);
  memoryOrder(self);
  return runInplace('normal', self, [], {}, () => {
    if (usesDeviceRandom(self, opts?.generator)) return deviceRandomFill(self, memoryOrder(self), 'normal', mean, std);
    const n = self.numel();
    const g = gen(opts);
    let data: Float32Array | Float64Array;
    if (n < 16 || self.isContiguous()) data = sampled(() => sample.normal(g, n, name, mean, std));
    else {
      // PyTorch's serial kernel: one normal_distribution<double> sample per element, which
      // is what the sampler does for a single element.
      data = name === 'float64' ? new Float64Array(n) : new Float32Array(n);
      for (let i = 0; i < n; i++) data[i] = sample.normal(g, 1, name, mean, std)[0]!;
    }
    writeInMemoryOrder(self, data, self.dtype);
  });
}

/** C++ names of the element types, as PyTorch's `check_from_to` messages print them. */
const cppNames: Record<string, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', int64: 'long', int32: 'int', int16: 'short',
  int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};
const intBounds: Record<string, [number, number]> = {
  int32: [-(2 ** 31), 2 ** 31 - 1], int16: [-32768, 32767], int8: [-128, 127], uint8: [0, 255], bool: [0, 1],
};

function randomInplace(self: Tensor, a?: number | GeneratorOptions, b?: number | GeneratorOptions, c?: GeneratorOptions): Tensor {
  self._checkAlive();
  const nums = [a, b].filter((v): v is number => typeof v === 'number');
  const opts = [a, b, c].find((v): v is GeneratorOptions => typeof v === 'object' && v !== null);
  memoryOrder(self);
  const dtype = self.dtype;
  let from: number | null = null, to: number | null = null;
  if (nums.length === 1) [from, to] = [0, nums[0]!];
  else if (nums.length === 2) [from, to] = [nums[0]!, nums[1]!];
  if (from !== null && to !== null) {
    if (!(from < to)) {
      throw new RuntimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
    }
    const bounds = intBounds[dtype.name];
    if (bounds) {
      if (from < bounds[0] || from > bounds[1]) throw new RuntimeError(`from is out of bounds for ${cppNames[dtype.name]}`);
      if (to - 1 < bounds[0] || to - 1 > bounds[1]) throw new RuntimeError(`to - 1 is out of bounds for ${cppNames[dtype.name]}`);
    }
  }
  return runInplace('random', self, [], {}, () => {
    const n = self.numel();
    const g = gen(opts);
    if (from === null || to === null) {
      writeInMemoryOrder(self, sampled(() => sample.random_(g, n, dtype.name)), dtype);
      return;
    }
    const lo = from, hi = to;
    // int64 values, cast to the dtype as PyTorch's static_cast does (via the copy kernel).
    const values = sampled(() => sample.randint(g, n, lo, hi));
    const target = memoryOrder(self);
    const staged = fromHost(values, target.shape, int64, self.device);
    self._storage.backend.copy(
      { buffer: staged._storage.buffer, shape: target.shape, strides: contiguousStrides(target.shape), offset: 0 },
      target,
    );
    staged.dispose();
  });
}

/**
 * Bernoulli draws into `self` with probabilities `p`: a number (one 53-bit uniform per
 * element), or a float tensor broadcast to self's shape (a 24-bit uniform per element for
 * float/half probabilities, 53-bit for double ones, as PyTorch's CPU kernel).
 */
function bernoulliInto(self: Tensor, p: number | Tensor, g: Generator, explicit: Generator | undefined): void {
  const n = self.numel();
  if (typeof p === 'number' && usesDeviceRandom(self, explicit)) {
    deviceRandomFill(self, memoryOrder(self), 'bernoulli', p, 0);
    return;
  }
  if (typeof p === 'number') {
    const data = sampled(() => sample.bernoulli(g, n, p, 'float64'));
    // The draws are 0/1: staged as float32, which every backend stores (WebGPU has no float64).
    writeInMemoryOrder(self, Float32Array.from(data), float32);
    return;
  }
  const target = memoryOrder(self);
  // p in self's memory order, read on the host.
  const pOrdered = permutedLike(self, p);
  const probs = pOrdered._read();
  for (let i = 0; i < probs.length; i++) {
    const v = probs[i]!;
    if (!(v >= 0 && v <= 1)) {
      throw new RuntimeError('Expected p_in >= 0 && p_in <= 1 to be true, but got false.');
    }
  }
  const u = p.dtype === float64 ? sample.uniform(g, n, 'float64') : sample.uniform(g, n, 'float32');
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = u[i]! < probs[i]! ? 1 : 0;
  const staged = fromHost(out, target.shape, float32, self.device);
  self._storage.backend.copy(
    { buffer: staged._storage.buffer, shape: target.shape, strides: contiguousStrides(target.shape), offset: 0 },
    target,
  );
  staged.dispose();
  pOrdered.dispose();
}

/** `p` broadcast to self's shape and permuted like self's memory order, as a contiguous tensor. */
function permutedLike(self: Tensor, p: Tensor): Tensor {
  const dims = self._shape.map((_, i) => i).filter((i) => self._shape[i]! > 1);
  dims.sort((a, b) => self._strides[b]! - self._strides[a]!);
  const strides = broadcastStrides(p._shape, p._strides, self._shape);
  const shape = dims.map((d) => self._shape[d]!);
  const out = emptyTensor(shape, p.dtype, p.device);
  p._storage.backend.copy(
    { buffer: p._storage.buffer, shape, strides: dims.map((d) => strides[d]!), offset: p._offset },
    out._view(),
  );
  return out;
}

function checkProbDtype(p: Tensor): void {
  if (!p.dtype.isFloatingPoint) {
    throw new RuntimeError(`"bernoulli_tensor_cpu_p_" not implemented for '${scalarTypeName(p.dtype)}'`);
  }
}

function bernoulliInplace(self: Tensor, p: number | Tensor = 0.5, opts?: GeneratorOptions): Tensor {
  self._checkAlive();
  memoryOrder(self);
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) {
      throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${sample.formatCppDouble(p)}`);
    }
  } else {
    checkProbDtype(p);
    noGrad(() => (p as Tensor).expand(self._shape)).dispose(); // PyTorch's expand errors when p does not fit self
  }
  const probs = p;
  return runInplace('bernoulli', self, [], {}, () => bernoulliInto(self, probs, gen(opts), opts?.generator));
}

/**
 * Draws 0/1 values: `torch.bernoulli(probs)` uses each element of `probs` as a probability
 * (the result has probs' dtype); `torch.bernoulli(x, p)` uses the number `p` for every element.
 *
 * @example
 * ```ts
 * torch.manualSeed(0);
 * torch.bernoulli(torch.tensor([0.5, 0.2, 0.9])); // the numbers PyTorch draws
 * ```
 */
export function bernoulli(input: Tensor, p?: number | GeneratorOptions, opts?: GeneratorOptions): Tensor {
  input._checkAlive();
  const o = typeof p === 'object' ? p : opts;
  const out = emptyTensor(input._shape, input.dtype, input.device);
  if (typeof p === 'number') {
    if (!(p >= 0 && p <= 1)) {
      throw new RuntimeError(`bernoulli_ expects p to be in [0, 1], but got p=${sample.formatCppDouble(p)}`);
    }
    bernoulliInto(out, p, gen(o), o?.generator);
  } else {
    checkProbDtype(input);
    bernoulliInto(out, input, gen(o), o?.generator);
  }
  return out;
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Fills with uniform values in [from, to) (default [0, 1)), in place.
     *
     * @example
     * ```ts
     * torch.manualSeed(0);
     * torch.empty(3).uniform_(-1, 1); // the numbers PyTorch draws after manual_seed(0)
     * ```
     */
    uniform_(from?: number, to?: number, opts?: GeneratorOptions): Tensor;
    /** Fills with normal values of mean `mean` and standard deviation `std` (default 0, 1), in place. */
    normal_(mean?: number, std?: number, opts?: GeneratorOptions): Tensor;
    /**
     * Fills with random integers: `random_()` over the dtype's natural range, `random_(to)`
     * in [0, to), `random_(from, to)` in [from, to).
     */
    random_(from?: number | GeneratorOptions, to?: number | GeneratorOptions, opts?: GeneratorOptions): Tensor;
    /**
     * Fills with 0/1 draws of probability `p` (a number, default 0.5, or a tensor of
     * probabilities broadcast to this tensor's shape), in place: `x.bernoulli_(0.3)`,
     * `x.bernoulli_(probs, { generator })`, `x.bernoulli_({ generator })`.
     */
    bernoulli_(p?: number | Tensor | GeneratorOptions, opts?: GeneratorOptions): Tensor;
    /** 0/1 draws with this tensor's elements as probabilities (or the number `p` for all). */
    bernoulli(p?: number | GeneratorOptions, opts?: GeneratorOptions): Tensor;
  }
}

installMethods({
  uniform_(this: Tensor, from?: number, to?: number, opts?: GeneratorOptions) {
    return uniformInplace(this, from, to, opts);
  },
  normal_(this: Tensor, mean?: number, std?: number, opts?: GeneratorOptions) {
    return normalInplace(this, mean, std, opts);
  },
  random_(this: Tensor, from?: number | GeneratorOptions, to?: number | GeneratorOptions, opts?: GeneratorOptions) {
    return randomInplace(this, from, to, opts);
  },
  bernoulli_(this: Tensor, p?: number | Tensor | GeneratorOptions, opts?: GeneratorOptions) {
    if (p !== undefined && typeof p === 'object' && !(p instanceof Tensor)) return bernoulliInplace(this, 0.5, p);
    return bernoulliInplace(this, p as number | Tensor | undefined, opts);
  },
  bernoulli(this: Tensor, p?: number | GeneratorOptions, opts?: GeneratorOptions) {
    return bernoulli(this, p, opts);
  },
});
