/**
 * The plan's workloads on TensorFlow.js 4.22: `cpu` (`@tensorflow/tfjs`'s pure-JS backend) or
 * `wasm` (`@tensorflow/tfjs-backend-wasm`, one thread: its threaded build cannot start workers
 * in Node). TF.js's native layout is NHWC, so images and convolutions are NHWC here.
 */
import * as tf from '@tensorflow/tfjs';
import { epochData, shuffledOrder, SIDE } from './fashion-mnist.js';
import { epochRows, skippedRows, timingFor, unitOf, valueOf, type EpochItem, type EpochResult, type Item, type Plan, type Row, type Timing } from './plan.js';
import { registerWasmConv2dFilterGrad } from './tfjs-conv2d-filter-grad.js';
import { medianSeconds } from './timing.js';

/** The TF.js backends the bench compares with. */
export type TfjsBackend = 'cpu' | 'wasm';

/** Selects and initialises a TF.js backend; the description names what actually runs. */
export async function initTfjs(backend: TfjsBackend): Promise<string> {
  if (backend === 'wasm') {
    await import('@tensorflow/tfjs-backend-wasm');
    // The threaded build needs Worker blob URLs, which Node rejects: force the single-threaded SIMD build.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    registerWasmConv2dFilterGrad();
  }
  // Production mode: no debug checks, and no "install tfjs-node" banner on stderr.
  tf.enableProdMode();
  if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend ${backend} failed to initialise`);
  await tf.ready();
  if (backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return `tfjs ${tf.version.tfjs} wasm (${simd ? 'SIMD' : 'no SIMD'}, 1 thread)`;
  }
  return `tfjs ${tf.version.tfjs} cpu (pure JS)`;
}

/** The blitz's LeNet as a TF.js layers model (TF.js's default initialisers). */
export function tfjsLeNet(channels: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [SIDE, SIDE, channels], filters: 6, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2, strides: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu' }),
      tf.layers.dense({ units: 84, activation: 'relu' }),
      tf.layers.dense({ units: 10 }),
    ],
  });
}

/** One training step: mean softmax cross-entropy, SGD with momentum (TF's momentum is PyTorch's), the loss read back. */
function trainStep(model: tf.Sequential, optimizer: tf.Optimizer, x: tf.Tensor, y: tf.Tensor): number {
  const loss = optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar, true)!;
  const v = loss.dataSync()[0]!;
  loss.dispose();
  return v;
}

function prepare(item: Exclude<Item, EpochItem>): { rep: () => void; release: () => void } {
  const held: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => (held.push(t), t);
  const release = () => held.forEach((t) => t.dispose());
  switch (item.kind) {
    case 'matmul': {
      const a = keep(tf.randomUniform([item.n, item.n])), b = keep(tf.randomUniform([item.n, item.n]));
      return { rep: () => tf.tidy(() => void tf.matMul(a, b)), release };
    }
    case 'add': {
      const a = keep(tf.randomUniform([item.n])), b = keep(tf.randomUniform([item.n]));
      return { rep: () => tf.tidy(() => void tf.add(a, b)), release };
    }
    case 'relu': {
      const a = keep(tf.randomUniform([item.n], -0.5, 0.5));
      return { rep: () => tf.tidy(() => void tf.relu(a)), release };
    }
    case 'conv': {
      const { batch, inChannels: ci, outChannels: co, size, kernel: k } = item;
      const x = keep(tf.randomNormal([batch, size, size, ci]) as tf.Tensor4D);
      const w = keep(tf.randomNormal([k, k, ci, co], 0, 0.1) as tf.Tensor4D);
      const bias = keep(tf.randomNormal([co], 0, 0.1) as tf.Tensor1D);
      const f = (xi: tf.Tensor4D, wi: tf.Tensor4D, bi: tf.Tensor1D) => tf.add(tf.conv2d(xi, wi, 1, 'valid'), bi);
      if (!item.backward) return { rep: () => tf.tidy(() => void f(x, w, bias)), release };
      const out = size - k + 1;
      const dy = keep(tf.randomNormal([batch, out, out, co]));
      const grads = item.inputGrad
        ? tf.grads((xi: tf.Tensor, wi: tf.Tensor, bi: tf.Tensor) => f(xi as tf.Tensor4D, wi as tf.Tensor4D, bi as tf.Tensor1D))
        : tf.grads((wi: tf.Tensor, bi: tf.Tensor) => f(x, wi as tf.Tensor4D, bi as tf.Tensor1D));
      const args = item.inputGrad ? [x, w, bias] : [w, bias];
      return { rep: () => tf.tidy(() => void grads(args, dy)), release };
    }
    case 'resnet-step':
      throw new Error('W6 (ResNet-18) is a GPU workload; not implemented for TF.js');
    case 'lenet-step': {
      const model = tfjsLeNet(item.channels);
      const optimizer = tf.train.momentum(0.001, 0.9);
      const x = keep(tf.randomNormal([item.batch, SIDE, SIDE, item.channels]));
      const labels = keep(tf.randomUniform([item.batch], 0, 10, 'int32'));
      const y = keep(tf.oneHot(labels as tf.Tensor1D, 10));
      return {
        rep: () => void trainStep(model, optimizer, x, y),
        release: () => {
          release();
          model.dispose();
          optimizer.dispose();
        },
      };
    }
  }
}

/** W5 on TF.js: the same epoch as torchts's (same shuffled order, data, optimizer), NHWC. */
export async function runTfjsEpoch(item: EpochItem, seed: number): Promise<EpochResult> {
  const data = epochData(item);
  const model = tfjsLeNet(1);
  const optimizer = tf.train.momentum(item.lr, item.momentum);
  const trainX = tf.tensor4d(data.train.images, [data.train.n, SIDE, SIDE, 1]);
  const trainY = tf.oneHot(tf.tensor1d(data.train.labels, 'int32'), 10);
  const testX = tf.tensor4d(data.test.images, [data.test.n, SIDE, SIDE, 1]);
  const order = shuffledOrder(data.train.n, seed);
  const baseline = tf.memory().numBytes;
  let peakTensorBytes = 0;

  const start = performance.now();
  for (let i = 0; i < data.train.n; i += item.batchSize) {
    const len = Math.min(item.batchSize, data.train.n - i);
    const idx = tf.tensor1d(order.subarray(i, i + len), 'int32');
    const x = tf.gather(trainX, idx), y = tf.gather(trainY, idx);
    // minimize() split in two, so that live tensors can be sampled after the forward pass
    // (activations) and after the gradients (before they are applied and freed).
    const { value: loss, grads } = tf.variableGrads(() => {
      const l = tf.losses.softmaxCrossEntropy(y, model.apply(x) as tf.Tensor) as tf.Scalar;
      peakTensorBytes = Math.max(peakTensorBytes, tf.memory().numBytes - baseline);
      return l;
    });
    peakTensorBytes = Math.max(peakTensorBytes, tf.memory().numBytes - baseline);
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    tf.dispose(grads);
    loss.dataSync();
    tf.dispose([idx, x, y, loss]);
  }
  const seconds = (performance.now() - start) / 1000;

  let correct = 0;
  for (let i = 0; i < data.test.n; i += 1000) {
    const len = Math.min(1000, data.test.n - i);
    const predicted = tf.tidy(() => (model.apply(testX.slice(i, len)) as tf.Tensor).argMax(1).dataSync());
    for (let j = 0; j < len; j++) if (predicted[j] === data.test.labels[i + j]) correct++;
  }
  tf.dispose([trainX, trainY, testX]);
  model.dispose();
  optimizer.dispose();
  return {
    seconds,
    accuracy: correct / data.test.n,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    peakTensorBytes,
    tensorNote: 'tf.memory() bytes beyond the preloaded data and model, sampled after the forward pass and after the gradients',
  };
}

/** Runs one item on the current TF.js backend. */
export async function runTfjsItem(item: Item, timing: Timing, seed = 0): Promise<Row[]> {
  if (item.kind === 'epoch') return epochRows(item, await runTfjsEpoch(item, seed));
  const { rep, release } = prepare(item);
  try {
    const seconds = await medianSeconds(rep, timingFor(item, timing));
    return [{ workload: item.name, ...unitOf(item), value: valueOf(item, seconds) }];
  } finally {
    release();
  }
}

/** Runs every item of `plan` on the current TF.js backend (a failing item becomes a row with a note). */
export async function runTfjsWorkloads(plan: Plan, onItem?: (item: Item) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const item of plan.items) {
    onItem?.(item);
    try {
      rows.push(...(await runTfjsItem(item, plan.timing, plan.seed)));
    } catch (err) {
      rows.push(...skippedRows(item, `failed: ${(err as Error).message.split('\n')[0]}`));
    }
  }
  return rows;
}
