/**
 * The backend contract: the primitive kernels every backend implements on strided buffers,
 * and the optional fused kernels it may add. Core composes everything else from these.
 * @module
 */
import type { DType, TypedArray } from './dtype.js';

/** A backend's opaque handle to device memory holding `numel` elements of one dtype. */
export interface BackendBuffer {
  /** The dtype of the elements it holds. */
  readonly dtype: DType;
  /** Number of elements the buffer holds. */
  readonly numel: number;
}

/**
 * A strided view of a buffer: element (i0, i1, ...) lives at
 * `offset + i0*strides[0] + i1*strides[1] + ...` (in elements). Strides may be 0 (broadcast).
 */
export interface View {
  /** The buffer the view reads or writes. */
  readonly buffer: BackendBuffer;
  /** Size of each dim. */
  readonly shape: readonly number[];
  /** Elements to skip to move one step along each dim (0 for a broadcast dim). */
  readonly strides: readonly number[];
  /** Index in the buffer of element (0, 0, ...). */
  readonly offset: number;
}

/** Elementwise unary kernels. Float-only ones get float inputs; core casts beforehand. */
export type UnaryOp =
  | 'neg' | 'abs' | 'sign' | 'exp' | 'expm1' | 'log' | 'log1p' | 'log2' | 'log10'
  | 'sqrt' | 'rsqrt' | 'reciprocal' | 'square'
  | 'sin' | 'cos' | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'tanh'
  | 'asinh' | 'acosh' | 'atanh' | 'erf' | 'erfc' | 'sigmoid' | 'relu' | 'silu' | 'gelu'
  | 'floor' | 'ceil' | 'round' | 'trunc' | 'frac'
  | 'logicalNot' | 'bitwiseNot' | 'isnan' | 'isinf' | 'isfinite';

/**
 * Elementwise binary kernels. Arithmetic ops get `a`, `b` and `out` of one dtype;
 * comparisons and logical ops get `a` and `b` of one dtype and a bool `out`.
 */
export type BinaryOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'divTrunc' | 'divFloor' | 'remainder' | 'fmod' | 'pow'
  | 'maximum' | 'minimum' | 'atan2'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'logicalAnd' | 'logicalOr' | 'logicalXor'
  | 'bitwiseAnd' | 'bitwiseOr' | 'bitwiseXor';

/** Reductions. `argmax`/`argmin` reduce one dim (or all, flattened) and write int64. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin' | 'all' | 'any';

/**
 * What a backend must implement. All shapes are already checked and broadcast by core:
 * kernels never see invalid input. Kernels enqueue work and return; reads are the only
 * synchronisation points.
 *
 * Two rules kernels must also follow: `unary`, `binary` and `copy` work in place (`out` may be
 * the very same view as an input), and a view with 0 elements may have an offset equal to its
 * buffer's length (nothing is read or written then).
 */
export interface Backend {
  /** The device type this backend serves (`'cpu'`, `'cuda'`, `'webgpu'`). */
  readonly type: string;
  /** How many devices of this type exist (`cpu` may expose several for data parallelism). */
  deviceCount(): number;
  /** Why the backend cannot be used, or null when it can. */
  unavailableReason(): string | null;
  /** Whether this backend stores `dtype`. */
  supportsDtype(dtype: DType): boolean;
  /** Whether `read` works (it does not on WebGPU in a browser). */
  readonly canReadSync: boolean;

  /** Allocates an uninitialised buffer on device `index`. */
  alloc(dtype: DType, numel: number, index: number): BackendBuffer;
  /** Releases a buffer; it is never used again. */
  free(buffer: BackendBuffer): void;
  /** Bytes held by a buffer (for `torch.memory()`). */
  byteLength(buffer: BackendBuffer): number;
  /** Copies `data` (the dtype's CPU TypedArray) into the buffer from element `offset`. */
  write(buffer: BackendBuffer, data: TypedArray, offset: number): void;
  /** Returns a new contiguous CPU TypedArray with the elements of `view`, row-major. */
  read(view: View): TypedArray;
  /** The asynchronous form of {@link read}; works on every backend. */
  readAsync(view: View): Promise<TypedArray>;
  /** Waits until all enqueued work is done. */
  synchronize(index: number): Promise<void> | void;
  /** CPU only: wraps an existing TypedArray without copying (`torch.from_numpy`). */
  wrap?(dtype: DType, data: TypedArray, index: number): BackendBuffer;
  /** CPU only: the TypedArray behind a buffer (`.numpy()`). */
  storageOf?(buffer: BackendBuffer): TypedArray;

  /** Sets every element of `out` to `value` (already representable in out's dtype). */
  fill(out: View, value: number): void;
  /** Copies `src` into `out` (same shape), converting to out's dtype as PyTorch's `copy_` does. */
  copy(src: View, out: View): void;
  /** `out = op(src)`, same shape; `src` and `out` have one dtype, except the bool-valued ops. */
  unary(op: UnaryOp, src: View, out: View): void;
  /** `out = clamp(src, min, max)`; either bound may be null. */
  clamp(src: View, min: number | null, max: number | null, out: View): void;
  /** `out = op(a, b)`; `a` and `b` are already broadcast to out's shape (0 strides). */
  binary(op: BinaryOp, a: View, b: View, out: View): void;
  /**
   * Optional: `out = op(a, scalar)`, or `op(scalar, a)` when `scalarFirst`: a binary op with a JS
   * number operand, passed by value instead of as a one-element tensor (no allocation, no fill:
   * PyTorch passes CPU scalars to its kernels the same way). `scalar` is already a value of a's
   * dtype (rounded to float32/float16/bfloat16, truncated to an integer, 0/1 for bool); out has
   * a's shape. Without it, core makes a one-element tensor and calls {@link Backend.binary}.
   */
  binaryScalar?(op: BinaryOp, a: View, scalar: number, scalarFirst: boolean, out: View): void;
  /** `out = cond ? a : b`; all three broadcast to out's shape; cond is bool. */
  where(cond: View, a: View, b: View, out: View): void;
  /**
   * Reduces `src` over `dims` into `out`, whose shape is src's with those dims set to 1.
   * Sum/prod of bool and integer inputs accumulate in out's dtype (int64).
   */
  reduce(op: ReduceOp, src: View, dims: readonly number[], out: View): void;
  /**
   * Batched matrix product: `a` [..., M, K] times `b` [..., K, N] into `out` [..., M, N];
   * the batch dims of a and b are already broadcast to out's (0 strides).
   */
  matmul(a: View, b: View, out: View): void;
  /** `out[i][j][k] = src[i][index[i][j][k]][k]` for dim 1 (and so on); index is int64. */
  gather(src: View, dim: number, index: View, out: View): void;
  /** `out[i][index[i][j][k]][k] += src[i][j][k]` for dim 1; `out` is modified in place. */
  scatterAdd(out: View, dim: number, index: View, src: View): void;
  /** `out[i][index[i][j][k]][k] = src[i][j][k]` for dim 1; `out` is modified in place. */
  scatter(out: View, dim: number, index: View, src: View): void;
  /** Selects entries of `src` along `dim` at the int64 `index` (1-d) into `out`. */
  indexSelect(src: View, dim: number, index: View, out: View): void;
  /** Inclusive cumulative sum (or product) along `dim`. */
  cumulative(op: 'sum' | 'prod', src: View, dim: number, out: View): void;
  /**
   * Sorts along `dim` (stable), writing values and int64 indices. NaN sorts as the largest.
   */
  sort(src: View, dim: number, descending: boolean, values: View, indices: View): void;

  /** Optional fused kernels; core composes each from primitives when absent. */
  readonly fused?: FusedKernels;
}

/** Parameters of a 2-d convolution, as `F.conv2d` takes them (padding already numeric). */
export interface Conv2dParams {
  /** Step of the kernel, [height, width]. */
  stride: [number, number];
  /** Implicit zeros on each side, [height, width]. */
  padding: [number, number];
  /** Spacing between kernel elements, [height, width]. */
  dilation: [number, number];
  /** Number of blocked connections from input to output channels. */
  groups: number;
}

/** Optional kernels a backend may provide to beat the composites core builds from primitives. */
export interface FusedKernels {
  /** input [N,C,H,W], weight [O,C/g,kH,kW], bias [O] or null, out [N,O,oH,oW]; all contiguous. */
  conv2d?(input: View, weight: View, bias: View | null, p: Conv2dParams, out: View): void;
  /** grad wrt the input of conv2d; all contiguous. */
  conv2dBackwardInput?(gradOut: View, weight: View, p: Conv2dParams, gradInput: View): void;
  /** grad wrt the weight of conv2d; all contiguous. */
  conv2dBackwardWeight?(gradOut: View, input: View, p: Conv2dParams, gradWeight: View): void;
  /** softmax (or log-softmax) along the last dim of a contiguous tensor. */
  softmax?(src: View, log: boolean, out: View): void;
  /**
   * Max pooling over [N,C,H,W] (contiguous) writing values and int64 flat indices into H*W,
   * as PyTorch's `max_pool2d_with_indices`.
   */
  maxPool2d?(src: View, kernel: [number, number], stride: [number, number], padding: [number, number],
    dilation: [number, number], out: View, indices: View): void;

  /**
   * One SGD step on one parameter, in place, in the order of PyTorch 1.13's
   * `_single_tensor_sgd`, per element (`C` = float32 for float32/float16/bfloat16, float64 for
   * float64): `g = maximize ? -grad : grad`; `g += weightDecay * param` when weightDecay != 0;
   * with momentum != 0: `buf = firstStep ? g : momentum * buf + (1 - dampening) * g` (stored),
   * `g = nesterov ? g + momentum * buf : buf`; finally `param -= lr * g`.
   * `param`, `grad` and `momentumBuffer` (null when momentum is 0) are contiguous views of one
   * shape and one float dtype on one device. Core's composed path (what the CPU runs) rounds
   * after every op; a fused kernel need not, so results agree to a few ulps, not bit for bit.
   *
   * @example
   * backend.fused?.sgdStep?.(p, g, buf, { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0,
   *   nesterov: false, maximize: false, firstStep: false });
   */
  sgdStep?(param: View, grad: View, momentumBuffer: View | null, o: SgdStepOptions): void;
  /**
   * One Adam (or AdamW) step on one parameter, in place, in the order of PyTorch 1.13's
   * `_single_tensor_adam` / `_single_tensor_adamw`, per element in `C` (as {@link sgdStep}):
   * `g = maximize ? -grad : grad`; decoupled: `param *= 1 - lr * weightDecay`, else when
   * weightDecay != 0 `g += weightDecay * param`; `expAvg = beta1 * expAvg + (1 - beta1) * g`;
   * `expAvgSq = beta2 * expAvgSq + (1 - beta2) * g * g`; amsgrad: `maxExpAvgSq =
   * max(maxExpAvgSq, expAvgSq)` (NaN propagates) and `v = maxExpAvgSq`, else `v = expAvgSq`;
   * `denom = sqrt(v) / sqrt(1 - beta2^step) + eps`; `param -= (lr / (1 - beta1^step)) * expAvg / denom`.
   * The scalars (`1 - lr * weightDecay`, the bias corrections) are computed in float64 on the host.
   * Views as for {@link sgdStep}; `maxExpAvgSq` is null unless amsgrad.
   */
  adamStep?(param: View, grad: View, expAvg: View, expAvgSq: View, maxExpAvgSq: View | null, o: AdamStepOptions): void;
  /**
   * Fills the contiguous view `out` on the device with Philox4x32-10 random numbers: `'uniform'`
   * in [a, b), `'normal'` with mean a and standard deviation b, `'bernoulli'` 0/1 with
   * probability a (any out dtype; uniform and normal need a float dtype). `seed` is an unsigned
   * 64-bit integer, `offset` the number of 32-bit words the generator handed out before (a
   * multiple of 4). Element i of `out` (row-major) must be exactly what core's `philoxFill`
   * (random/philox.ts, the specification) gives for uniform and bernoulli, and within a few ulps
   * for normal. Core advances the offset by `philoxWordsConsumed(...)`. The values are not
   * PyTorch's CUDA values (PyTorch's per-thread curand layout is not reproduced).
   */
  random?(kind: 'uniform' | 'normal' | 'bernoulli', out: View, seed: bigint, offset: number, a: number, b: number): void;
  /**
   * Training-mode batch normalisation (PyTorch's `native_batch_norm`, train=true). `input` and
   * `out` are contiguous [N, C, S] (S = product of the spatial dims, 1 for 2-d inputs); `weight`,
   * `bias`, `mean` and `invstd` are contiguous 1-d [C]. Per channel c over the M = N*S elements:
   * `mean[c]`, `invstd[c] = 1 / sqrt(biased variance + eps)`, and
   * `out = (x - mean) * invstd * weight + bias` (weight null = 1, bias null = 0). `mean` and
   * `invstd` are float32 for float16/bfloat16 inputs, else the input's dtype; weight and bias have
   * the input's dtype. Accumulate in float32 for float16/bfloat16/float32, float64 for float64.
   *
   * @example
   * backend.fused?.batchNorm?.(x3d, weight, bias, 1e-5, out3d, mean, invstd);
   */
  batchNorm?(input: View, weight: View | null, bias: View | null, eps: number, out: View, mean: View, invstd: View): void;
  /**
   * Backward of {@link batchNorm} (PyTorch's `native_batch_norm_backward`, train=true); views as
   * there, `gradOut` and `gradInput` [N, C, S], the rest [C]. With `xhat = (x - mean) * invstd`,
   * `sumDy[c] = sum dy`, `sumDyXhat[c] = sum dy * xhat`: `gradBias = sumDy`,
   * `gradWeight = sumDyXhat`, `gradInput = weight * invstd / M * (M * dy - sumDy - xhat * sumDyXhat)`
   * (weight null = 1). A null output is not computed. Accumulation as in {@link batchNorm}.
   */
  batchNormBackward?(gradOut: View, input: View, weight: View | null, mean: View, invstd: View,
    gradInput: View | null, gradWeight: View | null, gradBias: View | null): void;
}

/** The options of {@link FusedKernels.sgdStep} (those of `torch.optim.SGD`, plus `firstStep`). */
export interface SgdStepOptions {
  /** Learning rate. */
  lr: number;
  /** Momentum factor (0: no momentum buffer). */
  momentum: number;
  /** Dampening of the momentum. */
  dampening: number;
  /** L2 penalty added to the gradient. */
  weightDecay: number;
  /** Nesterov momentum. */
  nesterov: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
  /** The momentum buffer is new: set it to the gradient (PyTorch clones it) instead of updating it. */
  firstStep: boolean;
}

/** The options of {@link FusedKernels.adamStep}. */
export interface AdamStepOptions {
  /** Learning rate. */
  lr: number;
  /** Decay of the first moment. */
  beta1: number;
  /** Decay of the second moment. */
  beta2: number;
  /** Added to the denominator. */
  eps: number;
  /** Weight decay: an L2 term added to the gradient, or with `decoupled` a shrink of the parameter. */
  weightDecay: number;
  /** AdamW's decoupled weight decay (`param *= 1 - lr * weightDecay` first). */
  decoupled: boolean;
  /** The AMSGrad variant (uses `maxExpAvgSq`). */
  amsgrad: boolean;
  /** Ascend instead of descend. */
  maximize: boolean;
  /** The step count, already incremented (1 on the first step). */
  step: number;
}
