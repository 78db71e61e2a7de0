/**
 * The CPU backend: TypedArray buffers and the kernels in `./kernels/`.
 * @module
 */
import type {
  Backend, BackendBuffer, BinaryOp, Conv2dParams, DType, FusedKernels, ReduceOp, TypedArray, UnaryOp, View,
} from '@torchts/core';
import { CpuBuffer, dataOf } from './buffer.js';
import { RuntimeError } from './errors.js';
import { batchNorm, batchNormBackward } from './kernels/batch-norm.js';
import { binary } from './kernels/binary.js';
import { clamp } from './kernels/clamp.js';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './kernels/conv2d.js';
import { copy } from './kernels/copy.js';
import { cumulative } from './kernels/cumulative.js';
import { fill } from './kernels/fill.js';
import { gather, indexSelect, scatter, scatterAdd } from './kernels/gather-scatter.js';
import { roundBFloat16Range } from './kernels/bfloat16.js';
import { roundHalfRange } from './kernels/half.js';
import { matmul } from './kernels/matmul.js';
import { maxPool2d } from './kernels/max-pool2d.js';
import { reduce } from './kernels/reduce.js';
import { softmax } from './kernels/softmax.js';
import { sort } from './kernels/sort.js';
import { contiguousStrides, numelOf } from './kernels/strided.js';
import { unary } from './kernels/unary.js';
import { where } from './kernels/where.js';

let cpuDeviceCount = 1;

/**
 * Sets how many CPU devices exist (`cpu:0` ... `cpu:<n-1>`), so that data parallelism can be
 * tried on one machine. All of them share the same memory and kernels. Default 1.
 *
 * @example
 * setCpuDeviceCount(2);
 * cpuBackend.deviceCount(); // 2: 'cpu:1' is now a device
 */
export function setCpuDeviceCount(n: number): void {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`setCpuDeviceCount: expected a positive integer, got ${String(n)}`);
  }
  cpuDeviceCount = n;
}

const fused: FusedKernels = {
  conv2d: (input: View, weight: View, bias: View | null, p: Conv2dParams, out: View) =>
    conv2d(input, weight, bias, p, out),
  conv2dBackwardInput: (gradOut: View, weight: View, p: Conv2dParams, gradInput: View) =>
    conv2dBackwardInput(gradOut, weight, p, gradInput),
  conv2dBackwardWeight: (gradOut: View, input: View, p: Conv2dParams, gradWeight: View) =>
    conv2dBackwardWeight(gradOut, input, p, gradWeight),
  softmax: (src: View, log: boolean, out: View) => softmax(src, log, out),
  maxPool2d: (src, kernel, stride, padding, dilation, out, indices) =>
    maxPool2d(src, kernel, stride, padding, dilation, out, indices),
  batchNorm: (input, weight, bias, eps, out, mean, invstd) => batchNorm(input, weight, bias, eps, out, mean, invstd),
  batchNormBackward: (gradOut, input, weight, mean, invstd, gradInput, gradWeight, gradBias) =>
    batchNormBackward(gradOut, input, weight, mean, invstd, gradInput, gradWeight, gradBias),
};

/**
 * The CPU backend (`'cpu'`): synchronous TypedArray kernels. Buffers are {@link CpuBuffer}s;
 * `wrap` and `storageOf` share memory with the caller, as `torch.from_numpy` and `.numpy()` do.
 *
 * @example
 * import { float32 } from '@torchts/core';
 * const be = new CpuBackend();
 * const buf = be.wrap(float32, new Float32Array([1, 2, 3, 4]), 0);
 * const view = { buffer: buf, shape: [2, 2], strides: [1, 2], offset: 0 }; // the transpose
 * be.read(view); // Float32Array [1, 3, 2, 4]
 */
export class CpuBackend implements Backend {
  readonly type = 'cpu';
  readonly canReadSync = true;
  readonly fused: FusedKernels = fused;

  deviceCount(): number {
    return cpuDeviceCount;
  }
  unavailableReason(): string | null {
    return null;
  }
  supportsDtype(_dtype: DType): boolean {
    return true;
  }

  alloc(dtype: DType, numel: number, index: number): CpuBuffer {
    return new CpuBuffer(dtype, numel, new dtype.ArrayType(numel), index);
  }
  free(buffer: BackendBuffer): void {
    const buf = buffer as CpuBuffer;
    buf.freed = true;
    // Drop our reference so the memory can be collected even while stale views linger.
    buf.data = new buf.dtype.ArrayType(0);
  }
  byteLength(buffer: BackendBuffer): number {
    return (buffer as CpuBuffer).data.byteLength;
  }
  write(buffer: BackendBuffer, data: TypedArray, offset: number): void {
    const buf = buffer as CpuBuffer;
    if (buf.freed) throw new RuntimeError('the CPU backend was given a buffer that was already freed');
    buf.data.set(data, offset);
    // Keep the float16/bfloat16 invariant: values are rounded to their precision.
    if (buf.dtype.name === 'float16') roundHalfRange(buf.data as Float32Array, offset, offset + data.length);
    else if (buf.dtype.name === 'bfloat16') roundBFloat16Range(buf.data as Float32Array, offset, offset + data.length);
  }
  read(view: View): TypedArray {
    const dtype = view.buffer.dtype;
    const n = numelOf(view.shape);
    const data = new dtype.ArrayType(n);
    const out: View = { buffer: new CpuBuffer(dtype, n, data, 0), shape: view.shape,
      strides: contiguousStrides(view.shape), offset: 0 };
    copy(view, out);
    return data;
  }
  readAsync(view: View): Promise<TypedArray> {
    try {
      return Promise.resolve(this.read(view));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  synchronize(_index: number): void {}
  wrap(dtype: DType, data: TypedArray, index: number): CpuBuffer {
    return new CpuBuffer(dtype, data.length, data, index);
  }
  storageOf(buffer: BackendBuffer): TypedArray {
    return dataOf({ buffer, shape: [], strides: [], offset: 0 });
  }

  fill(out: View, value: number): void {
    fill(out, value);
  }
  copy(src: View, out: View): void {
    copy(src, out);
  }
  unary(op: UnaryOp, src: View, out: View): void {
    unary(op, src, out);
  }
  clamp(src: View, min: number | null, max: number | null, out: View): void {
    clamp(src, min, max, out);
  }
  binary(op: BinaryOp, a: View, b: View, out: View): void {
    binary(op, a, b, out);
  }
  /** A JS number operand, held in a one-element array seen with zero strides (no tensor made). */
  binaryScalar(op: BinaryOp, a: View, scalar: number, scalarFirst: boolean, out: View): void {
    const dtype = a.buffer.dtype;
    const one = new dtype.ArrayType(1);
    one[0] = scalar;
    const s: View = { buffer: new CpuBuffer(dtype, 1, one, (a.buffer as CpuBuffer).device), shape: a.shape, strides: a.shape.map(() => 0), offset: 0 };
    if (scalarFirst) binary(op, s, a, out);
    else binary(op, a, s, out);
  }
  where(cond: View, a: View, b: View, out: View): void {
    where(cond, a, b, out);
  }
  reduce(op: ReduceOp, src: View, dims: readonly number[], out: View): void {
    reduce(op, src, dims, out);
  }
  matmul(a: View, b: View, out: View): void {
    matmul(a, b, out);
  }
  gather(src: View, dim: number, index: View, out: View): void {
    gather(src, dim, index, out);
  }
  scatterAdd(out: View, dim: number, index: View, src: View): void {
    scatterAdd(out, dim, index, src);
  }
  scatter(out: View, dim: number, index: View, src: View): void {
    scatter(out, dim, index, src);
  }
  indexSelect(src: View, dim: number, index: View, out: View): void {
    indexSelect(src, dim, index, out);
  }
  cumulative(op: 'sum' | 'prod', src: View, dim: number, out: View): void {
    cumulative(op, src, dim, out);
  }
  sort(src: View, dim: number, descending: boolean, values: View, indices: View): void {
    sort(src, dim, descending, values, indices);
  }
}

/** The CPU backend instance that torchts registers for the `'cpu'` device type. */
export const cpuBackend = new CpuBackend();
