/**
 * The CUDA backend: buffers from the addon's caching allocator and CUDA kernels for every
 * primitive of the contract plus fused conv2d (forward and both backwards), max pooling,
 * softmax, the SGD and Adam/AdamW optimizer steps and Philox random fills. Kernels are enqueued on one stream per device and return at once; `read` waits.
 * @module
 */
import type {
  AdamStepOptions, Backend, BackendBuffer, BinaryOp, Conv2dParams, DType, FusedKernels, ReduceOp, SgdStepOptions,
  TypedArray, UnaryOp, View,
} from '@torchts/core';
import { RuntimeError } from '@torchts/core';
import { CudaBuffer } from './buffer.js';
import { loadAddon, requireAddon, type NativeAddon } from './native-addon.js';
import { ViewPacker } from './views.js';

/** The addon's codes of the random kinds (tts::RandomKind). */
const RANDOM_KINDS = { uniform: 0, normal: 1, bernoulli: 2 } as const;

/** Maps op names to the addon's codes (the addon's lists are the source of truth). */
function codes(names: readonly string[]): Map<string, number> {
  return new Map(names.map((n, i) => [n, i]));
}

interface Codes {
  dtype: Map<string, number>;
  unary: Map<string, number>;
  binary: Map<string, number>;
  reduce: Map<string, number>;
}

/**
 * The CUDA backend (`'cuda'`, `'cuda:N'`). Unavailable — with the reason in
 * {@link CudaBackend.unavailableReason} — when the addon was not built (no nvcc at install
 * time), failed to load, or finds no driver or no device; it never crashes the process.
 *
 * @example
 * import { cudaBackend } from '@torchts/backend-cuda';
 * import { float32, registerBackend } from '@torchts/core';
 * if (cudaBackend.unavailableReason() === null) registerBackend(cudaBackend);
 * const buf = cudaBackend.alloc(float32, 3, 0);
 * cudaBackend.write(buf, new Float32Array([1, 2, 3]), 0);
 * cudaBackend.read({ buffer: buf, shape: [3], strides: [1], offset: 0 }); // Float32Array [1, 2, 3]
 */
export class CudaBackend implements Backend {
  readonly type = 'cuda';
  readonly canReadSync = true;
  readonly fused: FusedKernels;

  private codeTable: Codes | null = null;
  private readonly packer = new ViewPacker((v) => this.dtypeCode(v.buffer.dtype));
  private readonly convParams = new Int32Array(7);
  private readonly poolParams = new Int32Array(8);
  private readonly sgdParams = new Float64Array(7);
  private readonly adamParams = new Float64Array(11);

  constructor() {
    this.fused = {
      conv2d: (input, weight, bias, p, out) => this.conv2d(input, weight, bias, p, out),
      conv2dBackwardInput: (gradOut, weight, p, gradInput) => this.conv2dBackward('input', gradOut, weight, p, gradInput),
      conv2dBackwardWeight: (gradOut, input, p, gradWeight) =>
        this.conv2dBackward('weight', gradOut, input, p, gradWeight),
      softmax: (src, log, out) => {
        this.run(src, out).softmax(this.packer.device, this.packer.data, log);
      },
      maxPool2d: (src, kernel, stride, padding, dilation, out, indices) => {
        const a = this.poolParams;
        a[0] = kernel[0]; a[1] = kernel[1]; a[2] = stride[0]; a[3] = stride[1];
        a[4] = padding[0]; a[5] = padding[1]; a[6] = dilation[0]; a[7] = dilation[1];
        this.run(src, out, indices).maxPool2d(this.packer.device, this.packer.data, a);
      },
      batchNorm: (input, weight, bias, eps, out, mean, invstd) => {
        const views = [input, out, mean, invstd, ...(weight ? [weight] : []), ...(bias ? [bias] : [])];
        this.run(...views).batchNorm(this.packer.device, this.packer.data, eps, (weight ? 1 : 0) | (bias ? 2 : 0));
      },
      batchNormBackward: (gradOut, input, weight, mean, invstd, gradInput, gradWeight, gradBias) => {
        const optional = [weight, gradInput, gradWeight, gradBias];
        let flags = 0;
        optional.forEach((v, i) => { if (v) flags |= 1 << i; });
        const views = [gradOut, input, mean, invstd, ...optional.filter((v): v is View => v !== null)];
        this.run(...views).batchNormBackward(this.packer.device, this.packer.data, flags);
      },
      sgdStep: (param, grad, buf, o) => this.sgdStep(param, grad, buf, o),
      adamStep: (param, grad, expAvg, expAvgSq, maxSq, o) => this.adamStep(param, grad, expAvg, expAvgSq, maxSq, o),
      random: (kind, out, seed, offset, a, b) => {
        const s = BigInt.asUintN(64, seed);
        this.run(out).random(this.packer.device, this.packer.data, RANDOM_KINDS[kind], Number(s & 0xffffffffn),
          Number(s >> 32n), offset, a, b);
      },
    };
  }

  deviceCount(): number {
    const s = loadAddon();
    return s.reason === null && s.probe ? s.probe.count : 0;
  }
  unavailableReason(): string | null {
    return loadAddon().reason;
  }
  supportsDtype(dtype: DType): boolean {
    return this.table().dtype.has(dtype.name);
  }

  alloc(dtype: DType, numel: number, index: number): CudaBuffer {
    const addon = requireAddon();
    this.checkDevice(index);
    const bytes = numel * dtype.itemsize;
    const address = bytes > 0 ? addon.alloc(index, bytes) : 0;
    return new CudaBuffer(dtype, numel, index, address, bytes);
  }
  free(buffer: BackendBuffer): void {
    const buf = buffer as CudaBuffer;
    if (buf.freed) return;
    buf.freed = true;
    if (buf.address !== 0) requireAddon().free(buf.device, buf.address);
  }
  byteLength(buffer: BackendBuffer): number {
    return (buffer as CudaBuffer).bytes;
  }
  write(buffer: BackendBuffer, data: TypedArray, offset: number): void {
    const buf = buffer as CudaBuffer;
    if (buf.freed) throw new RuntimeError('the CUDA backend was given a buffer that was already freed');
    if (data.length === 0) return;
    requireAddon().write(buf.device, buf.address, this.dtypeCode(buf.dtype), offset, data);
  }
  read(view: View): TypedArray {
    const dtype = view.buffer.dtype;
    let n = 1;
    for (const s of view.shape) n *= s;
    const out = new dtype.ArrayType(n);
    if (n === 0) {
      if ((view.buffer as CudaBuffer).freed) throw new RuntimeError('the CUDA backend was given a buffer that was already freed');
      return out;
    }
    this.run(view).read(this.packer.device, this.packer.data, out);
    return out;
  }
  readAsync(view: View): Promise<TypedArray> {
    try {
      return Promise.resolve(this.read(view));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  synchronize(index: number): void {
    requireAddon().synchronize(index);
  }

  fill(out: View, value: number): void {
    this.run(out).fill(this.packer.device, this.packer.data, value);
  }
  copy(src: View, out: View): void {
    this.run(src, out).copy(this.packer.device, this.packer.data);
  }
  unary(op: UnaryOp, src: View, out: View): void {
    this.run(src, out).unary(this.packer.device, this.opCode('unary', op), this.packer.data);
  }
  clamp(src: View, min: number | null, max: number | null, out: View): void {
    this.run(src, out).clamp(this.packer.device, this.packer.data, min, max);
  }
  binary(op: BinaryOp, a: View, b: View, out: View): void {
    this.run(a, b, out).binary(this.packer.device, this.opCode('binary', op), this.packer.data);
  }
  /** A JS number operand passed to the kernel by value (no one-element tensor, no fill). */
  binaryScalar(op: BinaryOp, a: View, scalar: number, scalarFirst: boolean, out: View): void {
    this.run(a, out).binaryScalar(this.packer.device, this.opCode('binary', op), this.packer.data, scalar, scalarFirst);
  }
  where(cond: View, a: View, b: View, out: View): void {
    this.run(cond, a, b, out).where(this.packer.device, this.packer.data);
  }
  reduce(op: ReduceOp, src: View, dims: readonly number[], out: View): void {
    this.run(src, out).reduce(this.packer.device, this.opCode('reduce', op), this.packer.data, [...dims]);
  }
  matmul(a: View, b: View, out: View): void {
    this.run(a, b, out).matmul(this.packer.device, this.packer.data);
  }
  gather(src: View, dim: number, index: View, out: View): void {
    this.run(src, index, out).gather(this.packer.device, this.packer.data, dim);
  }
  scatterAdd(out: View, dim: number, index: View, src: View): void {
    this.run(out, index, src).scatter(this.packer.device, this.packer.data, dim, true);
  }
  scatter(out: View, dim: number, index: View, src: View): void {
    this.run(out, index, src).scatter(this.packer.device, this.packer.data, dim, false);
  }
  indexSelect(src: View, dim: number, index: View, out: View): void {
    this.run(src, index, out).indexSelect(this.packer.device, this.packer.data, dim);
  }
  cumulative(op: 'sum' | 'prod', src: View, dim: number, out: View): void {
    this.run(src, out).cumulative(this.packer.device, this.packer.data, dim, op === 'prod');
  }
  sort(src: View, dim: number, descending: boolean, values: View, indices: View): void {
    this.run(src, values, indices).sort(this.packer.device, this.packer.data, dim, descending);
  }

  /**
   * Which matmul implementation runs on `device`: `"cuBLAS 13.x.y (libcublas.so.13)"` or
   * `"builtin GEMM kernels (<why cuBLAS is not used>)"`.
   */
  matmulInfo(device = 0): string {
    return requireAddon().matmulInfo(device);
  }

  /** Lets float matmuls use cuBLAS (the default when it loads) or forces the builtin kernels. */
  setCublasEnabled(enabled: boolean): void {
    requireAddon().setCublasEnabled(enabled);
  }

  /**
   * Which convolution implementation runs: `"cuDNN 9.x.y (libcudnn.so.9)"` (loaded at run time,
   * as PyTorch uses it) or `"builtin implicit-GEMM kernels (<why cuDNN is not used>)"`.
   */
  convInfo(): string {
    return requireAddon().convInfo();
  }

  /**
   * With `TORCHTS_CUDA_PROFILE=1` in the environment: the GPU time of each kind of op (conv2d,
   * binary, reduce, batchNorm, ...) since the last call, as a table, slowest first. Each op's time
   * is measured from the end of the op before it, so it is exact while the GPU is busy.
   */
  profileReport(device = 0): string {
    return requireAddon().profileReport(device);
  }

  /** Lets conv2d use cuDNN (the default when it loads) or forces the builtin kernels. */
  setCudnnEnabled(enabled: boolean): void {
    requireAddon().setCudnnEnabled(enabled);
  }

  private conv2d(input: View, weight: View, bias: View | null, p: Conv2dParams, out: View): void {
    const addon = bias ? this.run(input, weight, out, bias) : this.run(input, weight, out);
    addon.conv2d(this.packer.device, this.packer.data, this.packConv(p), bias !== null);
  }

  private conv2dBackward(which: 'input' | 'weight', gradOut: View, other: View, p: Conv2dParams, grad: View): void {
    const addon = this.run(gradOut, other, grad);
    if (which === 'input') addon.conv2dBackwardInput(this.packer.device, this.packer.data, this.packConv(p));
    else addon.conv2dBackwardWeight(this.packer.device, this.packer.data, this.packConv(p));
  }

  private sgdStep(param: View, grad: View, buf: View | null, o: SgdStepOptions): void {
    const a = this.sgdParams;
    a[0] = o.lr; a[1] = o.momentum; a[2] = o.dampening; a[3] = o.weightDecay;
    a[4] = o.nesterov ? 1 : 0; a[5] = o.maximize ? 1 : 0; a[6] = o.firstStep ? 1 : 0;
    const addon = buf ? this.run(param, grad, buf) : this.run(param, grad);
    addon.sgdStep(this.packer.device, this.packer.data, a, buf !== null);
  }

  private adamStep(param: View, grad: View, expAvg: View, expAvgSq: View, maxSq: View | null, o: AdamStepOptions): void {
    // The scalars PyTorch computes in Python (float64) before its tensor ops.
    const a = this.adamParams;
    a[0] = o.lr; a[1] = o.beta1; a[2] = o.beta2; a[3] = o.eps; a[4] = o.weightDecay;
    a[5] = 1 - o.lr * o.weightDecay;
    a[6] = o.lr / (1 - o.beta1 ** o.step);
    a[7] = Math.sqrt(1 - o.beta2 ** o.step);
    a[8] = o.decoupled ? 1 : 0; a[9] = o.amsgrad ? 1 : 0; a[10] = o.maximize ? 1 : 0;
    const addon = maxSq ? this.run(param, grad, expAvg, expAvgSq, maxSq) : this.run(param, grad, expAvg, expAvgSq);
    addon.adamStep(this.packer.device, this.packer.data, a, maxSq !== null);
  }

  private packConv(p: Conv2dParams): Int32Array {
    const a = this.convParams;
    a[0] = p.stride[0]; a[1] = p.stride[1]; a[2] = p.padding[0]; a[3] = p.padding[1];
    a[4] = p.dilation[0]; a[5] = p.dilation[1]; a[6] = p.groups;
    return a;
  }

  /** Packs the views of one call and returns the addon (throws if CUDA is unavailable). */
  private run(...views: View[]): NativeAddon {
    const addon = requireAddon();
    const packer = this.packer.reset();
    for (const v of views) packer.push(v);
    return addon;
  }

  private table(): Codes {
    if (!this.codeTable) {
      const s = loadAddon();
      if (!s.addon) return { dtype: new Map(), unary: new Map(), binary: new Map(), reduce: new Map() };
      this.codeTable = {
        dtype: codes(s.addon.dtypes),
        unary: codes(s.addon.unaryOps),
        binary: codes(s.addon.binaryOps),
        reduce: codes(s.addon.reduceOps),
      };
    }
    return this.codeTable;
  }

  private dtypeCode(dtype: DType): number {
    const c = this.table().dtype.get(dtype.name);
    if (c === undefined) throw new RuntimeError(`the CUDA backend does not store ${dtype.toString()}`);
    return c;
  }

  private opCode(kind: 'unary' | 'binary' | 'reduce', op: string): number {
    const c = this.table()[kind].get(op);
    if (c === undefined) throw new RuntimeError(`the CUDA backend has no ${kind} op '${op}'`);
    return c;
  }

  private checkDevice(index: number): void {
    const n = this.deviceCount();
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RuntimeError(`cuda:${index} does not exist: ${n} CUDA device${n === 1 ? '' : 's'} available`);
    }
  }
}

/** The CUDA backend instance that torchts registers for the `'cuda'` device type. */
export const cudaBackend = new CudaBackend();
