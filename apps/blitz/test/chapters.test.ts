// Smoke tests of the blitz chapters: each runs and prints what PyTorch prints where values are not random.
import { describe, expect, it, vi } from 'vitest';
import { inspect } from 'node:util';
import { chapters } from '../src/chapters.js';

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
});
