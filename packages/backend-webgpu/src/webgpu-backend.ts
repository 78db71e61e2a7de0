/**
 * The WebGPU backend: WGSL kernels (`./kernels/`) on a device from `navigator.gpu` or, in Node,
 * from Dawn (`webgpu` package). Kernels are recorded and submitted in batches; reads map
 * buffers asynchronously, so `read` (synchronous) throws and `readAsync` is the way to read.
 * @module
 */
import {
  RuntimeError, type Backend, type BackendBuffer, type BinaryOp, type Conv2dParams, type DType, type FusedKernels,
  type ReduceOp, type TypedArray, type UnaryOp, type View,
} from '@torchts/core';
import { WebGpuBuffer } from './buffer.js';
import { acquireDevice, type WebGpuAdapterInfo, type WebGpuInitOptions } from './device.js';
import { fromGpuWords, toGpuWords } from './host.js';
import { GpuRuntime } from './runtime.js';
import { isContiguous, numelOf, contiguousStrides } from './strided.js';
import { binary } from './kernels/binary.js';
import { clamp } from './kernels/clamp.js';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './kernels/conv2d.js';
import { copy } from './kernels/copy.js';
import { cumulative } from './kernels/cumulative.js';
import { fill } from './kernels/fill.js';
import { gather, indexSelect, scatter, scatterAdd } from './kernels/gather-scatter.js';
import { matmul } from './kernels/matmul.js';
import { maxPool2d } from './kernels/max-pool2d.js';
import { reduce } from './kernels/reduce.js';
import { softmax } from './kernels/softmax.js';
import { sort } from './kernels/sort.js';
import { unary } from './kernels/unary.js';
import { where } from './kernels/where.js';
import { gpuSupports, gpuUnsupportedReason } from './wgsl/dtype.js';

/** Statistics of the backend's GPU resources (for tests and tuning). */
export interface WebGpuStats {
  /** GPU storage buffers that exist (live tensors plus idle pooled ones) and their bytes. */
  buffers: number;
  bufferBytes: number;
  /** Idle bytes the pool keeps for reuse. */
  pooledBytes: number;
  /** Compiled compute pipelines. */
  pipelines: number;
  /** Kernel dispatches since `init`. */
  dispatches: number;
}

/**
 * The WebGPU backend (`'webgpu'`). Call {@link WebGpuBackend.init} (or the package's `init()`)
 * before use; until then `unavailableReason()` says so.
 *
 * @example
 * import { webgpuBackend } from '@torchts/backend-webgpu';
 * import { registerBackend } from '@torchts/core';
 * await webgpuBackend.init();
 * registerBackend(webgpuBackend);
 */
export class WebGpuBackend implements Backend {
  readonly type = 'webgpu';
  /** WebGPU reads are asynchronous: `read` throws, `readAsync` works. */
  readonly canReadSync = false;
  private runtime: GpuRuntime | null = null;
  private info: WebGpuAdapterInfo | null = null;
  private failure: string | null = null;
  private pending: Promise<boolean> | null = null;

  readonly fused: FusedKernels = {
    conv2d: (input, weight, bias, p, out) => conv2d(this.rt(), input, weight, bias, p, out),
    conv2dBackwardInput: (gradOut: View, weight: View, p: Conv2dParams, gradInput: View) =>
      conv2dBackwardInput(this.rt(), gradOut, weight, p, gradInput),
    conv2dBackwardWeight: (gradOut: View, input: View, p: Conv2dParams, gradWeight: View) =>
      conv2dBackwardWeight(this.rt(), gradOut, input, p, gradWeight),
    softmax: (src: View, log: boolean, out: View) => softmax(this.rt(), src, log, out),
    maxPool2d: (src, kernel, stride, padding, dilation, out, indices) =>
      maxPool2d(this.rt(), src, kernel, stride, padding, dilation, out, indices),
  };

  /**
   * Gets an adapter and a device. Resolves to whether the backend is usable; when it is not,
   * {@link unavailableReason} says why. Safe to call again (later calls share the first one).
   */
  init(options: WebGpuInitOptions = {}): Promise<boolean> {
    this.pending ??= acquireDevice(options).then(
      ({ device, info }) => {
        this.runtime = new GpuRuntime(device);
        this.info = info;
        return true;
      },
      (err: Error) => {
        this.failure = err.message;
        return false;
      },
    );
    return this.pending;
  }

  /** Whether `init()` succeeded. */
  isAvailable(): boolean {
    return this.runtime !== null;
  }

  /** The adapter behind the device (null before a successful `init()`). */
  adapterInfo(): WebGpuAdapterInfo | null {
    return this.info;
  }

  /**
   * The GPUDevice the backend runs on (null before a successful `init()`), for applications that
   * share it with their own WebGPU code.
   */
  gpuDevice(): GPUDevice | null {
    return this.runtime?.device ?? null;
  }

  /** GPU resource statistics (null before a successful `init()`). */
  stats(): WebGpuStats | null {
    const rt = this.runtime;
    if (!rt) return null;
    return {
      buffers: rt.pool.created,
      bufferBytes: rt.pool.createdBytes,
      pooledBytes: rt.pool.idleSize,
      pipelines: rt.pipelineCount,
      dispatches: rt.dispatchCount,
    };
  }

  /** The runtime, or a clear error when the backend is not initialised. */
  private rt(): GpuRuntime {
    if (this.runtime) return this.runtime;
    throw new RuntimeError(`device 'webgpu' is not available: ${this.unavailableReason()}`);
  }

  deviceCount(): number {
    return this.runtime ? 1 : 0;
  }
  unavailableReason(): string | null {
    if (this.runtime) return null;
    if (this.failure) return this.failure;
    return this.pending ? 'init() has not finished yet' : 'call init() from @torchts/backend-webgpu (await torch.webgpu.init()) first';
  }
  supportsDtype(dtype: DType): boolean {
    return gpuSupports(dtype);
  }

  alloc(dtype: DType, numel: number, index: number): WebGpuBuffer {
    const rt = this.rt();
    if (!gpuSupports(dtype)) {
      throw new RuntimeError(`${dtype.toString()} is not supported on device 'webgpu' (${gpuUnsupportedReason(dtype)}): use torch.float32`);
    }
    if (index !== 0) throw new RuntimeError(`webgpu:${index} does not exist: 1 webgpu device available`);
    const bytes = numel * 4;
    if (bytes > rt.limits.maxStorageBindingSize) {
      throw new RuntimeError(
        `a tensor of ${numel} elements (${bytes} bytes) exceeds the webgpu adapter's maxStorageBufferBindingSize (${rt.limits.maxStorageBindingSize} bytes)`,
      );
    }
    return new WebGpuBuffer(dtype, numel, rt.pool.acquire(bytes));
  }
  free(buffer: BackendBuffer): void {
    const buf = buffer as WebGpuBuffer;
    if (buf.freed) return;
    buf.freed = true;
    this.runtime?.pool.release(buf.gpu);
  }
  byteLength(buffer: BackendBuffer): number {
    return (buffer as WebGpuBuffer).gpu.size;
  }
  write(buffer: BackendBuffer, data: TypedArray, offset: number): void {
    const buf = buffer as WebGpuBuffer;
    if (buf.freed) throw new RuntimeError('the webgpu backend was given a buffer that was already freed');
    if (data.length === 0) return;
    this.rt().writeBuffer(buf.gpu, offset * 4, toGpuWords(buf.dtype, data));
  }
  read(_view: View): TypedArray {
    throw new RuntimeError(
      "synchronous reads are not possible on device 'webgpu': use the async variants (await x.itemAsync(), x.tolistAsync(), x.toTypedArrayAsync())",
    );
  }
  async readAsync(view: View): Promise<TypedArray> {
    const rt = this.rt();
    const buf = view.buffer as WebGpuBuffer;
    if (buf.freed) throw new RuntimeError('the webgpu backend was given a buffer that was already freed');
    const dtype = buf.dtype;
    const n = numelOf(view.shape);
    if (n === 0) return new dtype.ArrayType(0);
    let reading: Promise<ArrayBuffer>;
    if (isContiguous(view)) {
      reading = rt.readBuffer(buf.gpu, view.offset * 4, n * 4);
    } else {
      // Gather the view into a contiguous temporary first.
      const tmp = new WebGpuBuffer(dtype, n, rt.pool.acquire(n * 4));
      copy(rt, view, { buffer: tmp, shape: view.shape, strides: contiguousStrides(view.shape), offset: 0 });
      reading = rt.readBuffer(tmp.gpu, 0, n * 4);
      rt.pool.release(tmp.gpu);
    }
    return fromGpuWords(dtype, await reading, n);
  }
  async synchronize(_index: number): Promise<void> {
    await this.rt().synchronize();
  }

  fill(out: View, value: number): void {
    fill(this.rt(), out, value);
  }
  copy(src: View, out: View): void {
    copy(this.rt(), src, out);
  }
  unary(op: UnaryOp, src: View, out: View): void {
    unary(this.rt(), op, src, out);
  }
  clamp(src: View, min: number | null, max: number | null, out: View): void {
    clamp(this.rt(), src, min, max, out);
  }
  binary(op: BinaryOp, a: View, b: View, out: View): void {
    binary(this.rt(), op, a, b, out);
  }
  where(cond: View, a: View, b: View, out: View): void {
    where(this.rt(), cond, a, b, out);
  }
  reduce(op: ReduceOp, src: View, dims: readonly number[], out: View): void {
    reduce(this.rt(), op, src, dims, out);
  }
  matmul(a: View, b: View, out: View): void {
    matmul(this.rt(), a, b, out);
  }
  gather(src: View, dim: number, index: View, out: View): void {
    gather(this.rt(), src, dim, index, out);
  }
  scatterAdd(out: View, dim: number, index: View, src: View): void {
    scatterAdd(this.rt(), out, dim, index, src);
  }
  scatter(out: View, dim: number, index: View, src: View): void {
    scatter(this.rt(), out, dim, index, src);
  }
  indexSelect(src: View, dim: number, index: View, out: View): void {
    indexSelect(this.rt(), src, dim, index, out);
  }
  cumulative(op: 'sum' | 'prod', src: View, dim: number, out: View): void {
    cumulative(this.rt(), op, src, dim, out);
  }
  sort(src: View, dim: number, descending: boolean, values: View, indices: View): void {
    sort(this.rt(), src, dim, descending, values, indices);
  }

  /** Releases the idle buffers the pool keeps for reuse. */
  trim(): void {
    this.runtime?.trim();
  }
}

/** The WebGPU backend instance torchts registers for the `'webgpu'` device type. */
export const webgpuBackend = new WebGpuBackend();
