// Smoke tests of the blitz chapters: each runs and prints what PyTorch prints where values are not random.
import { describe, expect, it, vi } from 'vitest';
import { inspect } from 'node:util';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chapters } from '../src/chapters.js';
import { classifierChapter } from '../src/classifier.js';

const hasFashionMnist = existsSync('/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz');

async function capture(fn: () => void | Promise<void>): Promise<string> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map((a) => (typeof a === 'string' ? a : inspect(a))).join(' '));
  });
  try {
    await fn();
  } finally {
    spy.mockRestore();
  }
  return lines.join('\n');
}

describe('blitz', () => {
  it('tensors chapter', async () => {
    const out = await capture(chapters.tensors!);
    expect(out).toContain('tensor([5.5000, 3.0000])');
    expect(out).toContain(`tensor([[1., 1., 1.],
        [1., 1., 1.],
        [1., 1., 1.],
        [1., 1., 1.],
        [1., 1., 1.]], dtype=torch.float64)`);
    expect(out).toContain('torch.Size([4, 4]) torch.Size([16]) torch.Size([2, 8])');
    expect(out).toContain('tensor([2., 2., 2., 2., 2.])\nFloat32Array(5) [ 2, 2, 2, 2, 2 ]');
    expect(out).toContain('tensor([2., 2., 2., 2., 2.], dtype=torch.float64)');
  });

  it('autograd chapter', async () => {
    const out = await capture(chapters.autograd!);
    expect(out).toContain(`tensor([[4.5000, 4.5000],
        [4.5000, 4.5000]])`);
    expect(out).toContain('tensor([[3., 3.],\n        [3., 3.]], grad_fn=<AddBackward0>)');
    expect(out).toContain('tensor(27., grad_fn=<MeanBackward0>)');
    expect(out.match(/tensor\(\[True, True\]\)/g)).toHaveLength(2);
  });

  it('nn chapter: LeNet prints, runs and learns as in PyTorch (seeded values from PyTorch 1.13)', async () => {
    const out = await capture(chapters.nn!);
    expect(out).toContain(`Net(
  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
  (conv2): Conv2d(6, 16, kernel_size=(5, 5), stride=(1, 1))
  (fc1): Linear(in_features=400, out_features=120, bias=True)
  (fc2): Linear(in_features=120, out_features=84, bias=True)
  (fc3): Linear(in_features=84, out_features=10, bias=True)
)`);
    // torch.manual_seed(0); net = Net(); net(torch.randn(1, 1, 32, 32)) in PyTorch 1.13:
    expect(out).toContain(`tensor([[-0.1007, -0.0902,  0.0364,  0.0591, -0.0421,  0.0203,  0.0314,  0.0724,
         -0.0276,  0.1233]], grad_fn=<AddmmBackward0>)`);
    expect(out).toContain('tensor(1.2249, grad_fn=<MseLossBackward0>)');
    expect(out).toContain('<MseLossBackward0 object>\n<AddmmBackward0 object>\n<AccumulateGrad object>');
    expect(out).toContain('conv1.bias.grad before backward\nnull');
    expect(out).toContain('tensor([-0.0129, -0.0038,  0.0006, -0.0094, -0.0046,  0.0233])');
  });

  it.skipIf(!hasFashionMnist)('classifier chapter on a subset of Fashion-MNIST (skips: Fashion-MNIST not installed)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'blitz-'));
    const text = await capture(() => classifierChapter({ epochs: 1, limitTrain: 40, limitTest: 20, printEvery: 5, out, root: out }));
    expect(text).toMatch(/\[1,    10\] loss: \d\.\d{3}/);
    expect(text).toContain('Finished Training');
    expect(text).toMatch(/Accuracy of the network on the 20 test images: \d+ %/);
    for (const f of ['train_batch.png', 'test_batch.png', 'cifar_net.safetensors']) expect(existsSync(join(out, f))).toBe(true);
  });

  it('parallel chapter runs on one device and says why', async () => {
    const out = await capture(chapters.parallel!);
    expect(out).toContain('nn.DataParallel would not split the batch here');
    expect(out).toContain('Outside: input size torch.Size([30, 5]) output_size torch.Size([30, 2])');
    expect(out).toContain('Outside: input size torch.Size([10, 5]) output_size torch.Size([10, 2])');
  });
});
