// The hand-registered TF.js WASM Conv2DBackpropFilter kernel against TF.js's own pure-JS CPU
// kernel (an independent implementation), on LeNet's shapes and on strided/padded cases.
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWasmConv2dFilterGrad } from '../src/tfjs-conv2d-filter-grad.js';

type Shape4 = [number, number, number, number];
type Case = { x: Shape4; filter: Shape4; strides: number; pad: 'valid' | 'same' | number };

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 30 - 1;
  });
}

async function filterGrad(backend: 'cpu' | 'wasm', c: Case): Promise<Float32Array> {
  await tf.setBackend(backend);
  const x = tf.tensor4d(seeded(c.x.reduce((a, b) => a * b), 1), c.x);
  const y = tf.conv2d(x, tf.zeros(c.filter) as tf.Tensor4D, c.strides, c.pad);
  const dy = tf.tensor(seeded(y.size, 2), y.shape) as tf.Tensor4D;
  const out = tf.grad((w: tf.Tensor) => tf.conv2d(x, w as tf.Tensor4D, c.strides, c.pad))(tf.zeros(c.filter), dy);
  const data = out.dataSync() as Float32Array;
  tf.dispose([x, y, dy, out]);
  return Float32Array.from(data);
}

describe('TF.js WASM Conv2DBackpropFilter (registered by the bench)', () => {
  beforeAll(async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    registerWasmConv2dFilterGrad();
    tf.enableProdMode();
  });

  const cases: [string, Case][] = [
    ['LeNet conv1 (1 -> 6, 32x32)', { x: [4, 32, 32, 1], filter: [5, 5, 1, 6], strides: 1, pad: 'valid' }],
    ['LeNet conv2 (6 -> 16, 14x14)', { x: [4, 14, 14, 6], filter: [5, 5, 6, 16], strides: 1, pad: 'valid' }],
    ['stride 2, same padding', { x: [2, 9, 7, 3], filter: [3, 3, 3, 4], strides: 2, pad: 'same' }],
    ['explicit padding 1, non-square kernel', { x: [1, 6, 8, 2], filter: [2, 3, 2, 5], strides: 1, pad: 1 }],
  ];
  it.each(cases)('%s matches the CPU backend', async (_, c) => {
    const expected = await filterGrad('cpu', c);
    const actual = await filterGrad('wasm', c);
    expect(actual.length).toBe(c.filter.reduce((a, b) => a * b));
    const worst = Math.max(...expected.map((e, i) => Math.abs(actual[i]! - e) / Math.max(1, Math.abs(e))));
    expect(worst).toBeLessThan(1e-4);
  });

  it('is what makes the WASM gradient work (TF.js 4.22 has no such kernel), and registers once', async () => {
    const c: Case = { x: [1, 6, 6, 1], filter: [3, 3, 1, 2], strides: 1, pad: 'valid' };
    tf.unregisterKernel('Conv2DBackpropFilter', 'wasm');
    await expect(filterGrad('wasm', c)).rejects.toThrow(/Conv2DBackpropFilter/);
    registerWasmConv2dFilterGrad();
    registerWasmConv2dFilterGrad();
    expect(await filterGrad('wasm', c)).toEqual(await filterGrad('wasm', c));
  });
});
