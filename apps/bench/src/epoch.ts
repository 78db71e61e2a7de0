/**
 * W5 on torchts: one epoch of LeNet on Fashion-MNIST, then the test accuracy. The data is
 * preloaded as one tensor and each batch gathered from it (as the TF.js and PyTorch peers
 * do), so the time is the framework's training time, not a data pipeline's.
 */
import * as torch from 'torchts';
import { epochData, shuffledOrder, SIDE, type ImageSet } from './fashion-mnist.js';
import { LeNet } from './lenet.js';
import type { EpochItem, EpochResult } from './plan.js';

function toTensors(set: ImageSet, device: string): { x: torch.Tensor; y: torch.Tensor } {
  const x = torch.fromTypedArray(set.images, [set.n, 1, SIDE, SIDE]).to(device);
  const y = torch.fromTypedArray(Float64Array.from(set.labels), [set.n], { dtype: torch.int64 }).to(device);
  return { x, y };
}

/** Process peak resident set size in bytes (Node reports KiB). */
export function peakRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/**
 * Trains a fresh LeNet (1x32x32) for one epoch with SGD (`item.lr`, `item.momentum`) at
 * `item.batchSize` in a seeded shuffled order, then measures the test accuracy (untimed).
 *
 * @example
 * ```ts
 * const r = await runEpoch({ kind: 'epoch', name: 'W5 epoch', batchSize: 64, lr: 0.01, momentum: 0.9,
 *   limitTrain: null, limitTest: null, synthetic: false }, 'cpu', 0);
 * r.seconds; r.accuracy; // about 0.84 after one epoch
 * ```
 */
export async function runEpoch(item: EpochItem, device: string, seed: number): Promise<EpochResult> {
  const data = epochData(item);
  torch.manualSeed(seed);
  const model = new LeNet(1).to(device);
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: item.lr, momentum: item.momentum });
  const criterion = new torch.nn.CrossEntropyLoss();
  const train = toTensors(data.train, device), test = toTensors(data.test, device);
  const order = torch.fromTypedArray(Float64Array.from(shuffledOrder(data.train.n, seed)), [data.train.n], { dtype: torch.int64 }).to(device);
  const dev = torch.device(device);
  const sync = () => (dev.type === 'cpu' ? undefined : torch.findBackend(dev.type)?.synchronize(dev.index));
  // Tensor bytes beyond what is live before training (the preloaded data and the model):
  // activations, gradients and optimizer state, sampled after the forward pass and after backward.
  const baseline = torch.memory(device).bytes;
  let peakTensorBytes = 0;

  await sync();
  const start = performance.now();
  for (let i = 0; i < data.train.n; i += item.batchSize) {
    const len = Math.min(item.batchSize, data.train.n - i);
    torch.tidy(() => {
      const idx = order.narrow(0, i, len);
      const x = train.x.indexSelect(0, idx), y = train.y.indexSelect(0, idx);
      optimizer.zeroGrad();
      const loss = criterion(model(x) as torch.Tensor, y) as torch.Tensor;
      peakTensorBytes = Math.max(peakTensorBytes, torch.memory(device).bytes - baseline);
      loss.backward();
      peakTensorBytes = Math.max(peakTensorBytes, torch.memory(device).bytes - baseline);
      optimizer.step();
      loss.item();
    });
  }
  await sync();
  const seconds = (performance.now() - start) / 1000;

  let correct = 0;
  model.eval();
  torch.noGrad(() => {
    for (let i = 0; i < data.test.n; i += 1000) {
      const len = Math.min(1000, data.test.n - i);
      correct += torch.tidy(() => model(test.x.narrow(0, i, len)).argmax(1).eq(test.y.narrow(0, i, len)).sum().item() as number);
    }
  });
  for (const t of [train.x, train.y, test.x, test.y, order]) t.dispose();
  return {
    seconds,
    accuracy: correct / data.test.n,
    peakRssBytes: peakRssBytes(),
    peakTensorBytes,
    tensorNote: 'torch.memory() bytes beyond the preloaded data and model, sampled after the forward pass and after backward',
  };
}
