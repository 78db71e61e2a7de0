/**
 * The matmul family: `matmul` (PyTorch's broadcasting rules), `mm`, `bmm`, `dot`, `mv`,
 * `outer`, `addmm`, `baddbmm`, all on the backend's batched `matmul` kernel.
 *
 * Ops recorded for autograd:
 * - `mm`: inputs `[a, b]` (2-d), output `[a @ b]`; args `{}`.
 * - `bmm`: inputs `[a, b]` (3-d, same batch), args `{}`.
 * - `dot`: inputs `[a, b]` (1-d), output 0-d; args `{}`.
 * - `mv`: inputs `[a (2-d), v (1-d)]`, args `{}`.
 * - `matmul`: inputs `[a, b]` with the same number (>= 3) of dims and the same batch dims
 *   `[..., M, K]` and `[..., K, N]` (matmul's broadcast case, after `expand`, which is recorded
 *   itself), output `[..., M, N]`; args `{}`. Derivatives: `grad @ b.mT` and `a.mT @ grad`.
 *   `torch.matmul` otherwise records the ops it is made of, as PyTorch's does: `dot`, `mv`,
 *   `mm`, and the view ops (`unsqueeze`/`squeeze`/`reshape`/`view`/`transpose`) around them.
 * - `addmm`: inputs `[input, mat1, mat2]`, args `{ beta, alpha, inputShape }`
 *   (`beta * input + alpha * mat1 @ mat2`; input broadcasts to the result).
 * - `baddbmm`: inputs `[input, batch1, batch2]`, args `{ beta, alpha, inputShape }`.
 * - `outer` is `a.reshape(-1, 1).mul(b)` and records those.
 * @module
 */
import type { View } from '../backend.js';
import { type DType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { broadcastShapes, contiguousStrides, numelOf } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  commonDevice, emptyTensor, installMethods, type OutOption, record, scalarTensor, scalarTypeName, writeOut,
} from './helpers.js';
import { binaryNoRecord } from './binary.js';
import { disposeTemps } from './reduction.js';

/** Options of `addmm` / `baddbmm`: `beta * input + alpha * (mat1 @ mat2)`. */
export interface AddmmOptions extends OutOption {
  /** Multiplier of `input` (default 1; 0 ignores input, nan and inf included). */
  beta?: number;
  /** Multiplier of the product (default 1). */
  alpha?: number;
}

function viewOf(t: Tensor, shape: readonly number[], strides: readonly number[]): View {
  return { buffer: t._storage.buffer, shape, strides, offset: t._offset };
}

/**
 * Runs the batched kernel: `a` and `b` are views `[...batch, M, K]` and `[...batch, K, N]`
 * (batch already broadcast), into a new tensor of `outShape` whose numel is batch*M*N.
 */
function runMatmul(a: View, b: View, dtype: DType, device: Tensor['device'], outShape: readonly number[], tmpl: Tensor): Tensor {
  const out = emptyTensor(outShape, dtype, device);
  const backend = tmpl._storage.backend;
  const n = a.shape.length;
  const kShape = [...a.shape.slice(0, n - 2), a.shape[n - 2]!, b.shape[n - 1]!];
  if (numelOf(kShape) === 0) return out;
  const outView: View = { buffer: out._storage.buffer, shape: kShape, strides: contiguousStrides(kShape), offset: 0 };
  if (a.shape[n - 1] === 0) backend.fill(outView, 0); // an empty sum
  else backend.matmul(a, b, outView);
  return out;
}

function notImplementedBool(kernel: string, d: DType): void {
  if (d.isBool) throw new RuntimeError(`"${kernel}" not implemented for 'Bool'`);
}

function expectSameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(`expected scalar type ${scalarTypeName(a.dtype)} but found ${scalarTypeName(b.dtype)}`);
  }
}

// ---- the raw (unrecorded) products ----

function mmRaw(a: Tensor, b: Tensor): Tensor {
  return runMatmul(a._view(), b._view(), a.dtype, a.device, [a._shape[0]!, b._shape[1]!], a);
}

function bmmRaw(a: Tensor, b: Tensor): Tensor {
  return runMatmul(a._view(), b._view(), a.dtype, a.device, [a._shape[0]!, a._shape[1]!, b._shape[2]!], a);
}

function checkMm(a: Tensor, b: Tensor): void {
  if (a.dim() !== 2) throw new RuntimeError('self must be a matrix');
  if (b.dim() !== 2) throw new RuntimeError('mat2 must be a matrix');
  checkMmShapes(a, b);
  notImplementedBool('addmm_impl_cpu_', a.dtype);
  expectSameDtype(a, b);
}

function checkMmShapes(a: Tensor, b: Tensor): void {
  if (a._shape[1] !== b._shape[0]) {
    throw new RuntimeError(
      `mat1 and mat2 shapes cannot be multiplied (${a._shape[0]}x${a._shape[1]} and ${b._shape[0]}x${b._shape[1]})`,
    );
  }
}

function checkBmm(a: Tensor, b: Tensor): void {
  if (a.dim() !== 3) throw new RuntimeError('batch1 must be a 3D tensor');
  if (b.dim() !== 3) throw new RuntimeError('batch2 must be a 3D tensor');
  checkBmmShapes(a._shape[0]!, a._shape[2]!, b._shape[0]!, b._shape[1]!);
  notImplementedBool('bmm', a.dtype);
  expectSameDtype(a, b);
}

function checkBmmShapes(batch: number, k: number, batch2: number, k2: number): void {
  if (batch !== batch2 || k !== k2) {
    throw new RuntimeError(
      `Expected size for first two dimensions of batch2 tensor to be: [${batch}, ${k}] but got: [${batch2}, ${k2}].`,
    );
  }
}

// ---- recorded ops ----

function mm(a: Tensor, b: Tensor, opts?: OutOption): Tensor {
  commonDevice('mm', a, b);
  checkMm(a, b);
  const out = mmRaw(a, b);
  record('mm', [a, b], [out]);
  return writeOut(out, opts?.out);
}

function bmm(a: Tensor, b: Tensor, opts?: OutOption): Tensor {
  commonDevice('bmm', a, b);
  checkBmm(a, b);
  const out = bmmRaw(a, b);
  record('bmm', [a, b], [out]);
  return writeOut(out, opts?.out);
}

function dot(a: Tensor, b: Tensor, opts?: OutOption): Tensor {
  commonDevice('dot', a, b);
  if (a.dim() !== 1 || b.dim() !== 1) {
    throw new RuntimeError(`1D tensors expected, but got ${a.dim()}D and ${b.dim()}D tensors`);
  }
  if (a.dtype !== b.dtype) {
    throw new RuntimeError(
      `dot : expected both vectors to have same dtype, but found ${scalarTypeName(a.dtype)} and ${scalarTypeName(b.dtype)}`,
    );
  }
  const n = a._shape[0]!, m = b._shape[0]!;
  if (n !== m) {
    throw new RuntimeError(
      `inconsistent tensor size, expected tensor [${n}] and src [${m}] to have the same number of elements, but got ${n} and ${m} elements respectively`,
    );
  }
  notImplementedBool('dot', a.dtype);
  // [1, K] @ [K, 1] -> [1, 1], read as 0-d.
  const out = runMatmul(viewOf(a, [1, n], [0, a._strides[0]!]), viewOf(b, [n, 1], [b._strides[0]!, 0]), a.dtype, a.device, [], a);
  record('dot', [a, b], [out]);
  return writeOut(out, opts?.out);
}

function mv(a: Tensor, v: Tensor, opts?: OutOption): Tensor {
  commonDevice('mv', a, v);
  if (a.dim() !== 2 || v.dim() !== 1) {
    throw new RuntimeError(`vector + matrix @ vector expected, got 1, ${a.dim()}, ${v.dim()}`);
  }
  const [m, k] = a._shape as [number, number];
  if (v._shape[0] !== k) throw new RuntimeError(`size mismatch, got ${m}, ${m}x${k},${v._shape[0]}`);
  notImplementedBool('addmv_impl_cpu', a.dtype);
  expectSameDtype(a, v);
  const out = runMatmul(a._view(), viewOf(v, [k, 1], [v._strides[0]!, 0]), a.dtype, a.device, [m], a);
  record('mv', [a, v], [out]);
  return writeOut(out, opts?.out);
}

/** PyTorch 1.13's `should_fold`: use one mm for a >= 3-d operand times a 1-d/2-d one. */
function shouldFold(t1: Tensor, dim2: number): boolean {
  const dim1 = t1.dim();
  if (dim1 >= 3 && (dim2 === 1 || dim2 === 2)) {
    const s = t1._shape, st = t1._strides;
    // A batch of transposed matrices is better served by the batched kernel than by a copy.
    return !(dim1 === 3 && dim2 === 2 && st[2] !== 1 && st[0] === s[1]! * s[2]!);
  }
  return false;
}

function matmul(a: Tensor, b: Tensor, opts?: OutOption): Tensor {
  commonDevice('matmul', a, b);
  const d1 = a.dim(), d2 = b.dim();
  if (d1 === 0 || d2 === 0) {
    throw new RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${d1}D and ${d2}D`);
  }
  let result: Tensor;
  if (d1 === 1 && d2 === 1) result = dot(a, b);
  else if (d1 === 2 && d2 === 1) result = mv(a, b);
  else if (d1 === 1 && d2 === 2) result = mm(a.unsqueeze(0), b).squeeze(0);
  else if (d1 === 2 && d2 === 2) result = mm(a, b);
  else if (shouldFold(a, d2) || shouldFold(b, d1)) result = matmulFolded(a, b);
  else result = matmulBatched(a, b);
  return writeOut(result, opts?.out);
}

/** >= 3-d times 1-d/2-d (or the reverse, transposed): fold the batch into the rows of one mm. */
function matmulFolded(a: Tensor, b: Tensor): Tensor {
  const transpose = b.dim() > a.dim();
  const t1 = transpose ? b.mT : a;
  const t2 = !transpose ? b : a.dim() === 2 ? a.t() : a;
  const sizes = t1._shape;
  const outputShape = sizes.slice(0, -1);
  const folded = numelOf(outputShape);
  const t2IsMatrix = t2.dim() === 2;
  if (t2IsMatrix) outputShape.push(t2._shape[1]!);
  const t1Folded = t1.reshape(folded, sizes[sizes.length - 1]!);
  if (t2IsMatrix) {
    const output = mm(t1Folded, t2).view(outputShape);
    return transpose ? output.mT.contiguous() : output;
  }
  return mv(t1Folded, t2).view(outputShape);
}

/** Both >= 1-d, one >= 3-d: broadcast the batch dims, one batched kernel call. */
function matmulBatched(a: Tensor, b: Tensor): Tensor {
  const d1 = a.dim(), d2 = b.dim();
  const n = d1 > 1 ? a._shape[d1 - 2]! : 1;
  const m1 = a._shape[d1 - 1]!;
  const batchA = a._shape.slice(0, Math.max(d1 - 2, 0));
  const m2 = d2 > 1 ? b._shape[d2 - 2]! : b._shape[0]!;
  const p = d2 > 1 ? b._shape[d2 - 1]! : 1;
  const batchB = b._shape.slice(0, Math.max(d2 - 2, 0));
  const batch = broadcastShapes(batchA, batchB);
  const batchSize = numelOf(batch);
  checkBmmShapes(batchSize, m1, batchSize, m2);
  notImplementedBool('bmm', a.dtype);
  expectSameDtype(a, b);
  const a2 = d1 === 1 ? a.unsqueeze(0) : a;
  const b2 = d2 === 1 ? b.unsqueeze(-1) : b;
  const aE = a2.expand([...batch, n, m1]);
  const bE = b2.expand([...batch, m2, p]);
  let out = runMatmul(aE._view(), bE._view(), a.dtype, a.device, [...batch, n, p], a);
  record('matmul', [aE, bE], [out]);
  if (d1 === 1) out = out.squeeze(-2);
  if (d2 === 1) out = out.squeeze(-1);
  return out;
}

function outer(a: Tensor, b: Tensor, opts?: OutOption): Tensor {
  if (a.dim() !== 1) throw new RuntimeError(`outer: Expected 1-D argument self, but got ${a.dim()}-D`);
  if (b.dim() !== 1) throw new RuntimeError(`outer: Expected 1-D argument vec2, but got ${b.dim()}-D`);
  return a.reshape(a._shape[0]!, 1).mul(b, opts);
}

/** `beta * input + alpha * product`, computed without recording. */
function addScaled(input: Tensor, product: Tensor, beta: number, alpha: number): Tensor {
  const dtype = product.dtype;
  // Integer dtypes take integer multipliers, as PyTorch converts them.
  const conv = (v: number): number => (dtype.isFloatingPoint ? v : Math.trunc(v));
  const a = conv(alpha), bt = conv(beta);
  const scaled = a === 1 ? product : mulScalar(product, a);
  if (bt === 0) {
    if (scaled === product) return scaled;
    disposeTemps([], product);
    return scaled;
  }
  const inScaled = bt === 1 ? input : mulScalar(input, bt);
  const result = binaryNoRecord('add', inScaled, scaled);
  disposeTemps([input, result], inScaled, scaled, product);
  return result;
}

function mulScalar(t: Tensor, v: number): Tensor {
  const s = scalarTensor(v, t.dtype, t.device);
  const out = binaryNoRecord('mul', t, s);
  s.dispose();
  return out;
}

function expandInput(input: Tensor, shape: readonly number[]): Tensor {
  // PyTorch expands `input` to the product's shape (expand's error names both shapes);
  // detached: addmm records `input` itself.
  const same = input._shape.length === shape.length && input._shape.every((s, i) => s === shape[i]);
  return same ? input : input.detach().expand([...shape]);
}

function addmm(input: Tensor, m1: Tensor, m2: Tensor, opts: AddmmOptions = {}): Tensor {
  commonDevice('addmm', input, m1, m2);
  if (m1.dim() !== 2) throw new RuntimeError(`mat1 must be a matrix, got ${m1.dim()}-D tensor`);
  if (m2.dim() !== 2) throw new RuntimeError(`mat2 must be a matrix, got ${m2.dim()}-D tensor`);
  const shape = [m1._shape[0]!, m2._shape[1]!];
  const inputE = expandInput(input, shape);
  checkMmShapes(m1, m2);
  if (input.dtype !== m2.dtype) throw new RuntimeError('self and mat2 must have the same dtype');
  if (m1.dtype !== m2.dtype) throw new RuntimeError('mat1 and mat2 must have the same dtype');
  notImplementedBool('addmm_impl_cpu_', m1.dtype);
  const beta = opts.beta ?? 1, alpha = opts.alpha ?? 1;
  const result = addScaled(inputE, mmRaw(m1, m2), beta, alpha);
  record('addmm', [input, m1, m2], [result], { beta, alpha, inputShape: [...input._shape] });
  return writeOut(result, opts.out);
}

function baddbmm(input: Tensor, b1: Tensor, b2: Tensor, opts: AddmmOptions = {}): Tensor {
  commonDevice('baddbmm', input, b1, b2);
  checkBmm(b1, b2);
  const shape = [b1._shape[0]!, b1._shape[1]!, b2._shape[2]!];
  const inputE = expandInput(input, shape);
  if (input.dtype !== b1.dtype) {
    throw new RuntimeError(
      `expected scalar type ${scalarTypeName(b1.dtype)} but found ${scalarTypeName(input.dtype)}`,
    );
  }
  const beta = opts.beta ?? 1, alpha = opts.alpha ?? 1;
  const result = addScaled(inputE, bmmRaw(b1, b2), beta, alpha);
  record('baddbmm', [input, b1, b2], [result], { beta, alpha, inputShape: [...input._shape] });
  return writeOut(result, opts.out);
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Matrix product with PyTorch's rules: 1-d·1-d is a dot product, 2-d·1-d a matrix-vector
     * product, 1-d·2-d a vector-matrix product, and batched products broadcast their batch dims.
     *
     * @example
     * ```ts
     * torch.rand(10, 3, 4).matmul(torch.rand(4, 5)).shape;      // [10, 3, 5]
     * torch.rand(2, 1, 3, 4).matmul(torch.rand(5, 4, 2)).shape; // [2, 5, 3, 2]
     * ```
     */
    matmul(other: Tensor): Tensor;
    /** Product of two matrices (2-d, no broadcasting). */
    mm(mat2: Tensor): Tensor;
    /** Batched product of `[B, n, m]` and `[B, m, p]` (no broadcasting). */
    bmm(batch2: Tensor): Tensor;
    /** Dot product of two 1-d tensors of one dtype. */
    dot(other: Tensor): Tensor;
    /** Matrix-vector product. */
    mv(vec: Tensor): Tensor;
    /** Outer product of two 1-d tensors (with type promotion). */
    outer(vec2: Tensor): Tensor;
    /** Alias of {@link Tensor.outer}. */
    ger(vec2: Tensor): Tensor;
    /** `beta * this + alpha * (mat1 @ mat2)`. */
    addmm(mat1: Tensor, mat2: Tensor, options?: AddmmOptions): Tensor;
    /** `beta * this + alpha * bmm(batch1, batch2)`. */
    baddbmm(batch1: Tensor, batch2: Tensor, options?: AddmmOptions): Tensor;
  }
}

installMethods({
  matmul(this: Tensor, other: Tensor) { return matmul(this, other); },
  mm(this: Tensor, other: Tensor) { return mm(this, other); },
  bmm(this: Tensor, other: Tensor) { return bmm(this, other); },
  dot(this: Tensor, other: Tensor) { return dot(this, other); },
  mv(this: Tensor, other: Tensor) { return mv(this, other); },
  outer(this: Tensor, other: Tensor) { return outer(this, other); },
  ger(this: Tensor, other: Tensor) { return outer(this, other); },
  addmm(this: Tensor, m1: Tensor, m2: Tensor, options?: AddmmOptions) { return addmm(this, m1, m2, options); },
  baddbmm(this: Tensor, b1: Tensor, b2: Tensor, options?: AddmmOptions) { return baddbmm(this, b1, b2, options); },
});

/**
 * `torch.matmul(a, b, { out })`, with PyTorch's broadcasting rules and error messages.
 *
 * @example
 * ```ts
 * torch.matmul(torch.rand(3), torch.rand(3));        // 0-d dot product
 * torch.matmul(torch.rand(2, 3), torch.rand(3, 4));  // [2, 4]
 * ```
 */
export const matmulFn = matmul;
/** `torch.mm(a, b, { out })`. */
export const mmFn = mm;
/** `torch.bmm(a, b, { out })`. */
export const bmmFn = bmm;
/** `torch.dot(a, b, { out })`. */
export const dotFn = dot;
/** `torch.mv(mat, vec, { out })`. */
export const mvFn = mv;
/** `torch.outer(a, b, { out })`. */
export const outerFn = outer;
/** `torch.addmm(input, mat1, mat2, { beta, alpha, out })`. */
export const addmmFn = addmm;
/** `torch.baddbmm(input, batch1, batch2, { beta, alpha, out })`. */
export const baddbmmFn = baddbmm;
