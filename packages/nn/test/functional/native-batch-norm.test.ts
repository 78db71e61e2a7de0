// The fused batch norm (one NativeBatchNormBackward0 op through the CPU backend's fused
// kernels) against the composed path (the 'nofused' device), plus gradcheck/gradgradcheck.
// Its values against PyTorch are the goldens of normalization.test.ts and layers/.
import '../setup.js';
import { describe, expect, test } from 'vitest';
import * as torch from '@torchts/core';
import { autograd } from '@torchts/autograd';
import { nn } from '../nn.js';
import { close } from '../golden.js';
import { NO_FUSED } from './no-fused.js';

const { F } = nn;

interface Run {
  out: torch.Tensor;
  rm: torch.Tensor;
  rv: torch.Tensor;
  grads: (torch.Tensor | null)[];
  gradFn: string | null;
}

/** Runs batch norm on `device` from the same values; returns output, running stats and grads. */
function run(
  device: string, x0: torch.Tensor, w0: torch.Tensor | null, b0: torch.Tensor | null,
  opts: { transpose?: boolean; training?: boolean; stats?: boolean } = {},
): Run {
  // Fresh leaves on `device` (to() returns the tensor itself when it is there already).
  const leaf = (t: torch.Tensor): torch.Tensor => t.clone().to(device).requiresGrad_(true);
  const x = leaf(x0);
  const w = w0 ? leaf(w0) : null;
  const b = b0 ? leaf(b0) : null;
  const C = opts.transpose ? x0.size(-1) : x0.size(1);
  const rm = torch.zeros(C, { dtype: x0.dtype }).add(0.5).to(device);
  const rv = torch.ones(C, { dtype: x0.dtype }).mul(2).to(device);
  const input = opts.transpose ? x.transpose(1, -1) : x;
  const stats = opts.stats ?? true;
  const out = F.batchNorm(input, stats ? rm : null, stats ? rv : null, {
    weight: w, bias: b, training: opts.training ?? true, momentum: 0.3, eps: 1e-3,
  });
  const gy = torch.linspace(-1, 2, out.numel(), { dtype: x0.dtype }).reshape([...out.shape]).to(device);
  out.mul(gy).sum().backward();
  return { out, rm, rv, grads: [x.grad, w?.grad ?? null, b?.grad ?? null], gradFn: out.gradFn?.name() ?? null };
}

function expectClose(a: torch.Tensor | null, b: torch.Tensor | null, what: string, rtol: number, atol: number): void {
  expect(a === null, `${what}: null`).toBe(b === null);
  if (!a || !b) return;
  expect([...a.shape], `${what}: shape`).toEqual([...b.shape]);
  expect(a.dtype, `${what}: dtype`).toBe(b.dtype);
  expect(close(a.to('cpu'), b.to('cpu'), rtol, atol), `${what}: values`).toBe(true);
}

describe('fused batch norm (CPU kernels) equals the composed path', () => {
  torch.manualSeed(0);
  const shapes = [[4, 3], [2, 3, 5], [2, 3, 4, 4], [2, 2, 2, 3, 2], [1, 3, 7], [5, 1, 3]];
  for (const dtype of [torch.float32, torch.float64]) {
    const [rtol, atol] = dtype === torch.float64 ? [1e-10, 1e-12] : [1e-4, 1e-5];
    for (const shape of shapes) {
      for (const affine of ['weight+bias', 'weight', 'bias', 'none']) {
        test(`${dtype.name} [${shape.join(', ')}] ${affine}`, () => {
          const x = torch.randn(shape, { dtype }).mul(3).add(1);
          const C = shape[1]!;
          const w = affine.includes('weight') ? torch.rand(C, { dtype }).add(0.5) : null;
          const b = affine.includes('bias') || affine === 'weight+bias' ? torch.randn(C, { dtype }) : null;
          const fused = run('cpu', x, w, b), comp = run(NO_FUSED, x, w, b);
          expect(fused.gradFn).toBe('NativeBatchNormBackward0');
          expect(comp.gradFn).not.toBe('NativeBatchNormBackward0');
          expectClose(fused.out, comp.out, 'out', rtol, atol);
          expectClose(fused.rm, comp.rm, 'running_mean', rtol, atol);
          expectClose(fused.rv, comp.rv, 'running_var', rtol, atol);
          fused.grads.forEach((g, i) => expectClose(g, comp.grads[i]!, `grad ${i}`, rtol, atol));
        });
      }
    }
  }

  test('non-contiguous input (channels last), and no running stats', () => {
    const x = torch.randn(3, 4, 5, 2);
    const w = torch.rand(2).add(0.5), b = torch.randn(2);
    for (const opts of [{ transpose: true }, { transpose: true, stats: false, training: false }]) {
      const fused = run('cpu', x, w, b, opts), comp = run(NO_FUSED, x, w, b, opts);
      expect(fused.gradFn).toBe('NativeBatchNormBackward0');
      expectClose(fused.out, comp.out, 'out', 1e-4, 1e-5);
      expectClose(fused.rm, comp.rm, 'running_mean', 1e-4, 1e-5);
      expectClose(fused.rv, comp.rv, 'running_var', 1e-4, 1e-5);
      fused.grads.forEach((g, i) => expectClose(g, comp.grads[i]!, `grad ${i}`, 1e-4, 1e-5));
    }
  });

  test('one node, whose inputs are the input, weight and bias (as PyTorch)', () => {
    const x = torch.randn(4, 3, 2, { requiresGrad: true });
    const bn = new nn.BatchNorm1d(3);
    const y = bn.forward(x);
    const fn = y.gradFn!;
    expect(fn.name()).toBe('NativeBatchNormBackward0');
    expect(fn.nextFunctions.map(([n]) => n?.name() ?? null)).toEqual(['AccumulateGrad', 'AccumulateGrad', 'AccumulateGrad']);
    // Eval mode with running statistics keeps the composed path.
    bn.eval();
    expect(bn.forward(x).gradFn!.name()).not.toBe('NativeBatchNormBackward0');
  });

  test('float16 and bfloat16 inputs run fused and agree with float32', () => {
    const x = torch.randn(4, 3, 5);
    const ref = F.batchNorm(x, null, null, { training: true });
    for (const dtype of [torch.float16, torch.bfloat16]) {
      const xh = x.to(dtype).requiresGrad_(true);
      const y = F.batchNorm(xh, null, null, { training: true });
      expect(y.dtype).toBe(dtype);
      expect(y.gradFn!.name()).toBe('NativeBatchNormBackward0');
      expect(close(y.float(), ref, 0.05, 0.05)).toBe(true);
      y.sum().backward();
      expect(xh.grad!.dtype).toBe(dtype);
    }
  });
});

describe('gradcheck and gradgradcheck through the fused batch norm (float64)', () => {
  torch.manualSeed(1);
  const f64 = { dtype: torch.float64, requiresGrad: true };
  const cases: [string, number[], boolean][] = [
    ['[3, 2] (2-d), affine', [3, 2], true],
    ['[2, 3, 4], affine', [2, 3, 4], true],
    ['[2, 2, 2, 2], no weight or bias', [2, 2, 2, 2], false],
  ];
  for (const [name, shape, affine] of cases) {
    test(name, () => {
      const x = torch.randn(shape, f64);
      const C = shape[1]!;
      const params = affine ? [torch.rand(C, f64), torch.randn(C, f64)] : [];
      const fn = (...a: unknown[]): torch.Tensor => {
        const [xi, w, b] = a as torch.Tensor[];
        const y = F.batchNorm(xi!, null, null, { weight: w ?? null, bias: b ?? null, training: true });
        expect(y.gradFn!.name()).toBe('NativeBatchNormBackward0');
        return y;
      };
      expect(autograd.gradcheck(fn, [x, ...params])).toBe(true);
      expect(autograd.gradgradcheck(fn, [x, ...params])).toBe(true);
    });
  }
});
