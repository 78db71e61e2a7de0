/**
 * The workloads of a {@link Plan} measured on a torchts device. Row names and units come from
 * the plan, so they line up with the TF.js and PyTorch columns.
 */
import * as torch from 'torchts';
import { runEpoch } from './epoch.js';
import { LeNet } from './lenet.js';
import { ResNet18 } from './resnet.js';
import { epochRows, skippedRows, timingFor, unitOf, valueOf, type Item, type Plan, type Row, type Timing } from './plan.js';
import { medianSeconds } from './timing.js';

/** A function that waits for a device's queued work (nothing to wait for on the CPU). */
export function synchronizer(device: string): () => unknown {
  const dev = torch.device(device);
  if (dev.type === 'cpu') return () => undefined;
  const backend = torch.findBackend(dev.type);
  return () => backend?.synchronize(dev.index);
}

/** A closure that runs one rep of a timed item, and a release for what it allocated. */
function prepare(item: Exclude<Item, { kind: 'epoch' }>, device: string): { rep: () => void; release: () => void } {
  const held: torch.Tensor[] = [];
  const keep = <T extends torch.Tensor>(t: T): T => (held.push(t), t);
  const release = () => held.forEach((t) => t.dispose());
  switch (item.kind) {
    case 'matmul': {
      const a = keep(torch.rand(item.n, item.n, { device })), b = keep(torch.rand(item.n, item.n, { device }));
      return { rep: () => torch.tidy(() => void torch.matmul(a, b)), release };
    }
    case 'add': {
      const a = keep(torch.rand(item.n, { device })), b = keep(torch.rand(item.n, { device }));
      return { rep: () => torch.tidy(() => void a.add(b)), release };
    }
    case 'relu': {
      // Half negative, so relu's branch is not predictable.
      const a = keep(torch.rand(item.n, { device }).sub(0.5));
      return { rep: () => torch.tidy(() => void a.relu()), release };
    }
    case 'conv': {
      const { batch, inChannels: ci, outChannels: co, size, kernel: k } = item;
      const x = keep(torch.randn(batch, ci, size, size, { device }));
      const w = keep(torch.randn(co, ci, k, k, { device }).mul(0.1));
      const bias = keep(torch.randn(co, { device }).mul(0.1));
      if (!item.backward) return { rep: () => torch.noGrad(() => torch.tidy(() => void torch.F.conv2d(x, w, bias))), release };
      x.requiresGrad_(item.inputGrad);
      w.requiresGrad_();
      bias.requiresGrad_();
      const out = size - k + 1;
      const gy = keep(torch.randn(batch, co, out, out, { device }));
      const wrt = item.inputGrad ? [x, w, bias] : [w, bias];
      return {
        rep: () => torch.tidy(() => void torch.autograd.grad(torch.F.conv2d(x, w, bias), wrt, { gradOutputs: gy })),
        release,
      };
    }
    case 'lenet-step':
    case 'resnet-step': {
      const model = (item.kind === 'lenet-step' ? new LeNet(item.channels) : new ResNet18(item.channels)).to(device);
      const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.001, momentum: 0.9 });
      const criterion = new torch.nn.CrossEntropyLoss();
      const side = item.kind === 'lenet-step' ? 32 : item.size;
      const x = keep(torch.randn(item.batch, item.channels, side, side, { device }));
      const y = keep(torch.randint(0, 10, [item.batch], { device }));
      const rep = () =>
        torch.tidy(() => {
          optimizer.zeroGrad();
          const loss = criterion(model(x) as torch.Tensor, y) as torch.Tensor;
          loss.backward();
          optimizer.step();
          // Reading the loss is part of a real step (and a sync point on a GPU).
          loss.item();
        });
      return { rep, release };
    }
  }
}

/** Runs one item on `device`: its rows. */
export async function runItem(item: Item, device: string, timing: Timing, seed = 0): Promise<Row[]> {
  torch.manualSeed(seed);
  if (item.kind === 'epoch') return epochRows(item, await runEpoch(item, device, seed));
  const benchmark = item.kind === 'resnet-step' && item.cudnnBenchmark === true;
  const previous = torch.backends.cudnn.benchmark;
  if (benchmark) torch.backends.cudnn.benchmark = true;
  try {
    return await timeItem(item, device, timing);
  } finally {
    torch.backends.cudnn.benchmark = previous;
  }
}

async function timeItem(item: Exclude<Item, { kind: 'epoch' }>, device: string, timing: Timing): Promise<Row[]> {
  const { rep, release } = prepare(item, device);
  const sync = synchronizer(device);
  try {
    const seconds = await medianSeconds(() => {
      rep();
      return sync();
    }, timingFor(item, timing));
    return [{ workload: item.name, ...unitOf(item), value: valueOf(item, seconds) }];
  } finally {
    release();
  }
}

/**
 * Runs every item of `plan` on a torchts device; an item that throws becomes a row with no
 * value and the error as its note, so one missing kernel does not lose the others.
 *
 * @example
 * ```ts
 * const rows = await runWorkloads('cpu', makePlan('quick'));
 * ```
 */
export async function runWorkloads(device: string, plan: Plan, onItem?: (item: Item) => void): Promise<Row[]> {
  const rows: Row[] = [];
  for (const item of plan.items) {
    onItem?.(item);
    try {
      rows.push(...(await runItem(item, device, plan.timing, plan.seed)));
    } catch (err) {
      rows.push(...skippedRows(item, `failed: ${(err as Error).message.split('\n')[0]}`));
    }
  }
  return rows;
}
