/**
 * What one bench run measures: the workloads with their sizes and the timing policy. One plan
 * is built here and handed, as JSON, to every framework (torchts in this process, TF.js and
 * PyTorch in child processes), so the rows of all columns have the same names and sizes.
 */

/** Whether a bigger or a smaller value is better (`none`: not a speed, no ratio). */
export type Better = 'higher' | 'lower' | 'none';

/** How a workload is timed: `warmup` untimed runs, then the median of at least `reps` runs. */
export interface Timing {
  warmup: number;
  reps: number;
  /** Keep repeating until this many seconds have passed (short workloads get more runs). */
  minSeconds: number;
  /** Never more runs than this. */
  maxReps: number;
  /**
   * For very slow peers: a warmup run longer than this many seconds is taken as the
   * measurement (one run in all: JIT warmup is noise at that length), and timed runs stop
   * once they have used this long.
   */
  slowSeconds?: number;
}

/** W1: `n x n` float32 matmul. */
export interface MatmulItem { kind: 'matmul'; name: string; n: number }
/** W2: elementwise add of two vectors, or relu of one. */
export interface ElementwiseItem { kind: 'add' | 'relu'; name: string; n: number }
/**
 * W3: one `conv2d` with bias (stride 1, no padding). With `backward`, the gradients of weight
 * and bias (and of the input when `inputGrad`, as LeNet's second conv needs) from a fixed
 * output gradient.
 */
export interface ConvItem {
  kind: 'conv';
  name: string;
  batch: number;
  inChannels: number;
  outChannels: number;
  size: number;
  kernel: number;
  backward: boolean;
  inputGrad: boolean;
}
/** W4: one LeNet training step (zero grads, forward, cross-entropy, backward, SGD momentum step, read the loss). */
export interface LenetStepItem { kind: 'lenet-step'; name: string; batch: number; channels: number }
/**
 * W6: one ResNet-18 training step on `channels` x `size` x `size` images (the CIFAR variant,
 * see resnet.ts): zero grads, forward, cross-entropy, backward, SGD momentum step, read the loss.
 */
export interface ResnetStepItem {
  kind: 'resnet-step';
  name: string;
  batch: number;
  channels: number;
  size: number;
  /** Run with `torch.backends.cudnn.benchmark = true` (every framework; cuDNN times its algorithms). */
  cudnnBenchmark?: boolean;
}
/**
 * W5: one epoch of LeNet on Fashion-MNIST (padded to 32x32, normalised to [-1, 1], the whole
 * set preloaded as one tensor and gathered batch by batch in a shuffled order), then the test
 * accuracy. `limitTrain` / `limitTest` cut the data (tests); `synthetic` uses random images.
 */
export interface EpochItem {
  kind: 'epoch';
  name: string;
  batchSize: number;
  lr: number;
  momentum: number;
  limitTrain: number | null;
  limitTest: number | null;
  synthetic: boolean;
}
/** One workload of a plan. */
export type Item = MatmulItem | ElementwiseItem | ConvItem | LenetStepItem | ResnetStepItem | EpochItem;

/** Everything a framework needs to run its share of the bench. */
export interface Plan {
  items: Item[];
  timing: Timing;
  seed: number;
  /** The device every framework runs on: `'cpu'` (the default) or `'cuda'` (the `--cuda` plan). */
  device?: 'cpu' | 'cuda';
}

/** One measured (or skipped) row. */
export interface Row {
  workload: string;
  unit: string;
  better: Better;
  /** null when the framework could not run it (see `note`). */
  value: number | null;
  /** Why there is no value, or how it was obtained. */
  note?: string;
  /** The value is an estimate (e.g. an epoch extrapolated from the step rate), not a measurement. */
  estimated?: boolean;
}

/** The default timing: a couple of warmups, then a median over at least 7 runs and 0.3 s. */
export const DEFAULT_TIMING: Timing = { warmup: 2, reps: 7, minSeconds: 0.3, maxReps: 200 };
/**
 * For slow peers (TF.js pure-JS CPU): one warmup and two timed runs, or a single run when it
 * takes over 2 s (its conv2d gradients and batch-64 LeNet step take 5-20 s each here).
 */
export const SLOW_TIMING: Timing = { warmup: 1, reps: 2, minSeconds: 0, maxReps: 2, slowSeconds: 2 };
/** For `--quick`. */
export const QUICK_TIMING: Timing = { warmup: 1, reps: 3, minSeconds: 0.1, maxReps: 50 };

/**
 * Which plan to build: the full bench, the `--quick` subset, tiny sizes for tests, or the GPU
 * plan (`--cuda`: torchts's CUDA backend against PyTorch on the same GPU).
 */
export type PlanMode = 'full' | 'quick' | 'tiny' | 'cuda';

function sizeLabel(n: number): string {
  if (n >= 1 << 20 && n % (1 << 20) === 0) return `${n >> 20}M`;
  if (n >= 1024 && n % 1024 === 0) return `${n >> 10}K`;
  return String(n);
}

/** The row names an epoch item produces, in order. */
export function epochRowNames(item: EpochItem): { seconds: string; accuracy: string; rss: string; tensors: string } {
  const tag = `${item.name} b${item.batchSize}`;
  return {
    seconds: `${tag} time`,
    accuracy: `${tag} test accuracy`,
    rss: `${tag} peak RSS`,
    tensors: `${tag} peak tensor memory`,
  };
}

/** The unit and direction of an item's row (epoch items have four rows, see {@link epochRows}). */
export function unitOf(item: Exclude<Item, EpochItem>): { unit: string; better: Better } {
  switch (item.kind) {
    case 'matmul':
      return { unit: 'GFLOP/s', better: 'higher' };
    case 'add':
    case 'relu':
      return { unit: 'GB/s', better: 'higher' };
    case 'conv':
      return { unit: 'ms', better: 'lower' };
    case 'lenet-step':
    case 'resnet-step':
      return { unit: 'steps/s', better: 'higher' };
  }
}

/** The value of a timed item's row from the median seconds of one run. */
export function valueOf(item: Exclude<Item, EpochItem>, seconds: number): number {
  switch (item.kind) {
    case 'matmul':
      return (2 * item.n ** 3) / seconds / 1e9;
    case 'add':
      return (3 * 4 * item.n) / seconds / 1e9;
    case 'relu':
      return (2 * 4 * item.n) / seconds / 1e9;
    case 'conv':
      return seconds * 1000;
    case 'lenet-step':
    case 'resnet-step':
      return 1 / seconds;
  }
}

/** What one epoch measured, before it becomes rows. */
export interface EpochResult {
  seconds: number;
  accuracy: number;
  peakRssBytes: number;
  /** Peak bytes of live tensors as the framework counts them, or null if it cannot say. */
  peakTensorBytes: number | null;
  /** How the peak tensor bytes were sampled. */
  tensorNote?: string;
}

/** The four rows of an epoch item. */
export function epochRows(item: EpochItem, r: EpochResult): Row[] {
  const names = epochRowNames(item);
  return [
    { workload: names.seconds, unit: 's', better: 'lower', value: r.seconds },
    { workload: names.accuracy, unit: '%', better: 'none', value: r.accuracy * 100 },
    { workload: names.rss, unit: 'MB', better: 'lower', value: r.peakRssBytes / 1e6 },
    {
      workload: names.tensors,
      unit: 'MB',
      better: 'lower',
      value: r.peakTensorBytes === null ? null : r.peakTensorBytes / 1e6,
      ...(r.tensorNote ? { note: r.tensorNote } : {}),
    },
  ];
}

/** Rows with no value (and the reason) for every row an item would produce. */
export function skippedRows(item: Item, note: string): Row[] {
  if (item.kind === 'epoch') {
    return epochRows(item, { seconds: 0, accuracy: 0, peakRssBytes: 0, peakTensorBytes: null }).map((r) => ({ ...r, value: null, note }));
  }
  return [{ workload: item.name, ...unitOf(item), value: null, note }];
}

function conv(name: string, batch: number, inChannels: number, outChannels: number, size: number, backward: boolean, inputGrad: boolean): ConvItem {
  return { kind: 'conv', name, batch, inChannels, outChannels, size, kernel: 5, backward, inputGrad };
}

/**
 * The bench's workloads.
 *
 * - `full`: W1 matmul 256/512/1024, W2 add/relu 1M/16M, W3 LeNet's two convs at batch 64,
 *   W4 LeNet steps (batch 4 at 3x32x32, batch 64 at 1x32x32); W5 when `epoch` is set.
 * - `quick`: W1 256/512, W2 at 1M, all of W3 and W4, shorter timing.
 * - `tiny`: every kind at toy sizes, timed once (tests).
 *
 * @example
 * ```ts
 * const plan = makePlan('full', { epoch: true });
 * plan.items.map((i) => i.name); // ['W1 matmul 256', ..., 'W5 epoch']
 * ```
 */
export function makePlan(mode: PlanMode, { epoch = false }: { epoch?: boolean } = {}): Plan {
  if (mode === 'cuda') return cudaPlan(epoch);
  const tiny = mode === 'tiny';
  const items: Item[] = [];
  const matmuls = tiny ? [8] : mode === 'quick' ? [256, 512] : [256, 512, 1024];
  for (const n of matmuls) items.push({ kind: 'matmul', name: `W1 matmul ${n}`, n });
  const lengths = tiny ? [64] : mode === 'quick' ? [1 << 20] : [1 << 20, 1 << 24];
  for (const n of lengths) {
    items.push({ kind: 'add', name: `W2 add ${sizeLabel(n)}`, n });
    items.push({ kind: 'relu', name: `W2 relu ${sizeLabel(n)}`, n });
  }
  // LeNet's convolutions as its batch-64 step sees them: conv1 on 1x32x32, conv2 on 6x14x14.
  const b = tiny ? 2 : 64;
  items.push(conv(`W3 conv1 fwd b${b}`, b, 1, 6, 32, false, false));
  items.push(conv(`W3 conv1 fwd+bwd b${b}`, b, 1, 6, 32, true, false));
  items.push(conv(`W3 conv2 fwd b${b}`, b, 6, 16, 14, false, false));
  items.push(conv(`W3 conv2 fwd+bwd b${b}`, b, 6, 16, 14, true, true));
  for (const [batch, channels] of tiny ? [[2, 3], [2, 1]] : [[4, 3], [64, 1]]) {
    items.push({ kind: 'lenet-step', name: `W4 lenet step b${batch} ${channels}x32x32`, batch: batch!, channels: channels! });
  }
  if (epoch || tiny) items.push(epochItem(tiny));
  const timing = tiny ? { warmup: 0, reps: 1, minSeconds: 0, maxReps: 1 } : mode === 'quick' ? QUICK_TIMING : DEFAULT_TIMING;
  return { items, timing, seed: 0 };
}

/** The W5 epoch item (tiny: a few synthetic images, for tests). */
function epochItem(tiny: boolean): EpochItem {
  return {
    kind: 'epoch',
    name: 'W5 epoch',
    batchSize: tiny ? 8 : 64,
    lr: 0.01,
    momentum: 0.9,
    limitTrain: tiny ? 32 : null,
    limitTest: tiny ? 16 : null,
    synthetic: tiny,
  };
}

/**
 * The GPU plan (issue 8's benchmarks): float32 matmul 1024-8192, LeNet steps at batch 64 and
 * 1024, a ResNet-18 step at batch 128 (3x32x32), and with `epoch` a Fashion-MNIST epoch.
 */
function cudaPlan(epoch: boolean): Plan {
  const items: Item[] = [1024, 2048, 4096, 8192].map((n) => ({ kind: 'matmul', name: `W1 matmul ${n}`, n }));
  for (const batch of [64, 1024]) items.push({ kind: 'lenet-step', name: `W4 lenet step b${batch} 1x32x32`, batch, channels: 1 });
  items.push({ kind: 'resnet-step', name: 'W6 resnet18 step b128 3x32x32', batch: 128, channels: 3, size: 32 });
  items.push({ kind: 'resnet-step', name: 'W6 resnet18 step b128 cudnn.benchmark', batch: 128, channels: 3, size: 32, cudnnBenchmark: true });
  if (epoch) items.push(epochItem(false));
  return { items, timing: DEFAULT_TIMING, seed: 0, device: 'cuda' };
}

/** Fewer runs for the big workloads: the 1024 matmul and the 16M elementwise ops. */
export function timingFor(item: Item, timing: Timing): Timing {
  const big = (item.kind === 'matmul' && item.n >= 1024) || ((item.kind === 'add' || item.kind === 'relu') && item.n >= 1 << 24);
  if (!big) return timing;
  return { ...timing, reps: Math.min(timing.reps, item.kind === 'matmul' ? 3 : 5), maxReps: Math.min(timing.maxReps, 20) };
}
