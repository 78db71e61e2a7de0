import { describe, expect, it } from 'vitest';
import { dtypes } from '@torchts/core';
import { referenceBackend as ref } from '../../src/reference/backend.js';

describe('ReferenceBackend memory', () => {
  it('rounds float16 on write and reads strided views row-major', () => {
    const buf = ref.alloc(dtypes.float16, 4, 0);
    ref.write(buf, new Float32Array([1 / 3, 2, 3, 65520]), 0);
    expect(Array.from(ref.read({ buffer: buf, shape: [2, 2], strides: [1, 2], offset: 0 })))
      .toEqual([0.333251953125, 3, 2, Infinity]);
    expect(ref.byteLength(buf)).toBe(16); // held in a Float32Array, as core stores float16
  });
  it('rounds bfloat16 on write', () => {
    const buf = ref.alloc(dtypes.bfloat16, 3, 0);
    ref.write(buf, new Float32Array([1 / 3, 257, 3.4e38]), 0);
    expect(Array.from(ref.read({ buffer: buf, shape: [3], strides: [1], offset: 0 }))).toEqual([0.333984375, 256, Infinity]);
  });
  it('wraps without copying and refuses freed buffers', async () => {
    const data = new Int32Array([1, 2, 3]);
    const buf = ref.wrap(dtypes.int32, data, 0);
    expect(ref.storageOf(buf)).toBe(data);
    expect(Array.from(await ref.readAsync({ buffer: buf, shape: [3], strides: [1], offset: 0 }))).toEqual([1, 2, 3]);
    ref.free(buf);
    expect(() => ref.read({ buffer: buf, shape: [3], strides: [1], offset: 0 })).toThrow(/after free/);
  });
  it('provides every fused kernel', () => {
    expect(Object.keys(ref.fused).sort()).toEqual([
      'adamStep', 'batchNorm', 'batchNormBackward', 'conv2d', 'conv2dBackwardInput', 'conv2dBackwardWeight', 'maxPool2d',
      'random', 'sgdStep', 'softmax',
    ]);
  });
});
