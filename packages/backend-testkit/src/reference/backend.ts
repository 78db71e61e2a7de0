/**
 * The reference backend: every primitive and fused kernel of the contract, computed element by
 * element in float64 and rounded once to the output dtype. Slow and obviously correct: it is
 * the oracle of the conformance suite.
 * @module
 */
import type { Backend, BackendBuffer, BinaryOp, DType, FusedKernels, TypedArray, View } from '@torchts/core';
import { ReferenceBuffer, dataOf, getAt, indicesOf, numelOf } from './storage.js';
import { roundTo } from './round.js';
import { copy, fill } from './fill-copy.js';
import { clamp, unary } from './unary.js';
import { binary, where } from './binary.js';
import { reduce } from './reduce.js';
import { matmul } from './matmul.js';
import { gather, indexSelect, scatter, scatterAdd } from './indexing.js';
import { cumulative } from './cumulative.js';
import { sort } from './sort.js';
import { conv2d, conv2dBackwardInput, conv2dBackwardWeight } from './conv.js';
import { softmax } from './softmax.js';
import { maxPool2d } from './pool.js';
import { adamStep, sgdStep } from './optimizer.js';
import { random } from './random.js';
import { batchNorm, batchNormBackward } from './batch-norm.js';

/**
 * A {@link Backend} of type `'reference'` that supports every dtype, reads synchronously and
 * provides every fused kernel. Use {@link referenceBackend}.
 */
export class ReferenceBackend implements Backend {
  readonly type = 'reference';
  readonly canReadSync = true;
  deviceCount(): number {
    return 1;
  }
  unavailableReason(): string | null {
    return null;
  }
  supportsDtype(_dtype: DType): boolean {
    return true;
  }

  alloc(dtype: DType, numel: number, _index: number): BackendBuffer {
    return new ReferenceBuffer(dtype, new dtype.ArrayType(numel));
  }
  free(buffer: BackendBuffer): void {
    dataOf(buffer);
    (buffer as ReferenceBuffer).freed = true;
  }
  byteLength(buffer: BackendBuffer): number {
    return dataOf(buffer).byteLength;
  }
  write(buffer: BackendBuffer, data: TypedArray, offset: number): void {
    const dst = dataOf(buffer);
    for (let i = 0; i < data.length; i++) dst[offset + i] = roundTo(buffer.dtype, data[i]);
  }
  read(view: View): TypedArray {
    const out = new view.buffer.dtype.ArrayType(numelOf(view.shape));
    indicesOf(view.shape).forEach((idx, i) => (out[i] = getAt(view, idx)));
    return out;
  }
  readAsync(view: View): Promise<TypedArray> {
    return Promise.resolve(this.read(view));
  }
  synchronize(_index: number): void {}
  wrap(dtype: DType, data: TypedArray, _index: number): BackendBuffer {
    return new ReferenceBuffer(dtype, data);
  }
  storageOf(buffer: BackendBuffer): TypedArray {
    return dataOf(buffer);
  }

  fill = fill;
  copy = copy;
  unary = unary;
  clamp = clamp;
  binary = binary;
  /** `binary` with the scalar in a one-element buffer seen with zero strides. */
  binaryScalar(op: BinaryOp, a: View, scalar: number, scalarFirst: boolean, out: View): void {
    const dtype = a.buffer.dtype;
    const one = new dtype.ArrayType(1);
    one[0] = scalar;
    const s: View = { buffer: new ReferenceBuffer(dtype, one), shape: a.shape, strides: a.shape.map(() => 0), offset: 0 };
    if (scalarFirst) binary(op, s, a, out);
    else binary(op, a, s, out);
  }
  where = where;
  reduce = reduce;
  matmul = matmul;
  gather = gather;
  scatterAdd = scatterAdd;
  scatter = scatter;
  indexSelect = indexSelect;
  cumulative = cumulative;
  sort = sort;

  readonly fused: FusedKernels = {
    conv2d, conv2dBackwardInput, conv2dBackwardWeight, softmax, maxPool2d, sgdStep, adamStep, random,
    batchNorm, batchNormBackward,
  };
}

/**
 * The reference backend, ready to use.
 *
 * @example
 * import { referenceBackend as ref } from '@torchts/backend-testkit';
 * import { float32 } from '@torchts/core';
 * const buf = ref.alloc(float32, 3, 0);
 * ref.write(buf, new Float32Array([1, -2, 3]), 0);
 * const view = { buffer: buf, shape: [3], strides: [1], offset: 0 };
 * ref.unary('abs', view, view);
 * ref.read(view); // Float32Array [1, 2, 3]
 */
export const referenceBackend: ReferenceBackend = new ReferenceBackend();
