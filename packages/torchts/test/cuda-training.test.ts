// Training through the whole stack (autograd, nn, optim) on 'cuda', checked against the same
// steps on the CPU; 10,000 tidy'd training steps with flat torch.cuda.memoryAllocated(); and
// torch.cuda's device functions. Without a GPU every test is skipped with the reason
// ("no CUDA driver"); on a lent GPU they run from the bundle backend-cuda's gpu-bundle.sh makes.
import { describe, expect, it } from 'vitest';
import * as torch from 'torchts';

const { nn, F, optim } = torch;
const reason = torch.cuda.unavailableReason();
const gpu = reason === null ? it : it.skip;
const why = reason === null ? '' : ` (skipped: ${reason})`;

/** The blitz's LeNet for 1x32x32 images. */
class LeNet extends nn.Module {
  conv1 = new nn.Conv2d(1, 6, 5);
  pool = new nn.MaxPool2d(2, 2);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);
  override forward(x: torch.Tensor): torch.Tensor {
    x = this.pool(F.relu(this.conv1(x)));
    x = this.pool(F.relu(this.conv2(x)));
    x = torch.flatten(x, 1);
    x = F.relu(this.fc1(x));
    x = F.relu(this.fc2(x));
    return this.fc3(x);
  }
}

/** Losses of `steps` SGD steps on fixed random batches, on `device`, from seed-0 weights. */
function losses(device: string, steps: number, makeOptimizer: (p: torch.nn.Parameter[]) => { zeroGrad(): void; step(): unknown }): number[] {
  torch.manualSeed(0);
  const net = new LeNet().to(device);
  const opt = makeOptimizer([...net.parameters()]);
  const criterion = new nn.CrossEntropyLoss();
  const gen = new torch.Generator().manualSeed(1);
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    out.push(torch.tidy(() => {
      const x = torch.randn([16, 1, 32, 32], { generator: gen }).to(device);
      const y = torch.randint(0, 10, [16], { generator: gen }).to(device);
      opt.zeroGrad();
      const loss = criterion(net(x), y);
      loss.backward();
      opt.step();
      return loss.item() as number;
    }));
  }
  return out;
}

describe('training on cuda', () => {
  gpu(`torch.cuda reports the device and its memory${why}`, () => {
    expect(torch.cuda.deviceCount()).toBeGreaterThan(0);
    expect(torch.cuda.getDeviceName(0)).toMatch(/\S/);
    expect(torch.cuda.currentDevice()).toBe(0);
    const before = torch.cuda.memoryAllocated();
    const t = torch.ones(1024, 1024, { device: 'cuda' });
    expect(torch.cuda.memoryAllocated()).toBeGreaterThanOrEqual(before + 4 * 1024 * 1024);
    expect(t.device.type).toBe('cuda');
    t.dispose();
    torch.cuda.synchronize();
    expect(torch.cuda.memoryAllocated()).toBe(before);
    expect(torch.cuda.memoryReserved()).toBeGreaterThanOrEqual(torch.cuda.memoryAllocated());
  });

  for (const [name, make] of [
    ['SGD with momentum', (p: torch.nn.Parameter[]) => new optim.SGD(p, { lr: 0.01, momentum: 0.9 })],
    ['Adam', (p: torch.nn.Parameter[]) => new optim.Adam(p, { lr: 1e-3 })],
    ['AdamW with weight decay', (p: torch.nn.Parameter[]) => new optim.AdamW(p, { lr: 1e-3, weightDecay: 0.1 })],
  ] as const) {
    gpu(`LeNet + ${name}: 30 steps on cuda follow the CPU's losses${why}`, () => {
      const cpu = losses('cpu', 30, make);
      const cuda = losses('cuda', 30, make);
      expect(cuda.every(Number.isFinite)).toBe(true);
      for (let i = 0; i < cpu.length; i++) expect(Math.abs(cuda[i]! - cpu[i]!)).toBeLessThan(2e-3 * Math.max(1, Math.abs(cpu[i]!)));
      expect(cuda.at(-1)!).toBeLessThan(cuda[0]!);
    });
  }

  gpu(`10,000 training steps keep torch.cuda.memoryAllocated() flat${why}`, () => {
    torch.manualSeed(0);
    const net = new LeNet().to('cuda');
    const opt = new optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
    const criterion = new nn.CrossEntropyLoss();
    const x = torch.randn(8, 1, 32, 32).to('cuda');
    const y = torch.randint(0, 10, [8]).to('cuda');
    const step = () => torch.tidy(() => {
      opt.zeroGrad();
      const loss = criterion(net(x), y);
      loss.backward();
      opt.step();
      return loss.item() as number;
    });
    for (let i = 0; i < 100; i++) step();
    torch.cuda.synchronize();
    const base = torch.cuda.memoryAllocated();
    const reserved = torch.cuda.memoryReserved();
    let last = 0;
    for (let i = 0; i < 10000; i++) last = step();
    torch.cuda.synchronize();
    expect(Number.isFinite(last)).toBe(true);
    expect(torch.cuda.memoryAllocated()).toBe(base);
    expect(torch.cuda.memoryReserved()).toBe(reserved);
  });
});
