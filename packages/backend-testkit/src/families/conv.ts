/**
 * Tests of the fused conv2d kernels, when the backend provides them.
 * @module
 */
import type { Conv2dParams, DType } from '@torchts/core';
import type { Domain } from '../cases/data.js';
import { floatDtypes } from '../cases/dtypes.js';
import type { Rng } from '../cases/random.js';
import { runCase, tensorSpec } from '../harness.js';
import type { Registry } from '../registry.js';

/** One convolution's geometry. */
interface ConvShape {
  N: number; C: number; H: number; W: number; O: number; kH: number; kW: number;
  oH: number; oW: number; p: Conv2dParams; bias: boolean;
}

function outSize(size: number, k: number, s: number, pad: number, dil: number): number {
  return Math.floor((size + 2 * pad - dil * (k - 1) - 1) / s) + 1;
}

/** A random convolution with an output of at least 1x1; `large` crosses typical tile sizes. */
function randomConv(rng: Rng, large: boolean): ConvShape {
  for (;;) {
    const groups = large ? 1 : rng.pick([1, 1, 2, 3]);
    const C = groups * (large ? 16 : rng.int(1, 3)), O = groups * (large ? 8 : rng.int(1, 3));
    const kH = rng.int(1, 3), kW = rng.int(1, 3);
    const stride: [number, number] = [rng.int(1, 2), rng.int(1, 3)];
    const dilation: [number, number] = [rng.int(1, 2), rng.int(1, 2)];
    const padding: [number, number] = [rng.int(0, 2), rng.int(0, 1)];
    const H = large ? 12 : rng.int(1, 9), W = large ? 13 : rng.int(1, 9);
    const oH = outSize(H, kH, stride[0], padding[0], dilation[0]), oW = outSize(W, kW, stride[1], padding[1], dilation[1]);
    if (oH < 1 || oW < 1) continue;
    return { N: large ? 2 : rng.int(1, 2), C, H, W, O, kH, kW, oH, oW, p: { stride, padding, dilation, groups }, bias: rng.chance(0.6) };
  }
}

const domain: Domain = { range: [-2, 2], nan: false, inf: false };

/** Registers the conv2d, conv2dBackwardInput and conv2dBackwardWeight tests. */
export function registerConv(r: Registry): void {
  const fused = r.backend.fused;
  const kernels = ['conv2d', 'conv2dBackwardInput', 'conv2dBackwardWeight'] as const;
  for (const kernel of kernels) {
    r.group(kernel, (r) => {
      if (!fused?.[kernel]) {
        r.skip('all dtypes', `not provided by ${r.backend.type} (core composes it)`);
        return;
      }
      for (const dtype of floatDtypes) {
        r.test(dtype.name, [dtype], [], async ({ rng, ctx }) => {
          for (let i = 0; i < 7; i++) await runConvCase(ctx, rng, dtype, kernel, randomConv(rng, i === 6));
        });
      }
    });
  }
}

async function runConvCase(ctx: Parameters<typeof runCase>[0], rng: Rng, dtype: DType,
  kernel: 'conv2d' | 'conv2dBackwardInput' | 'conv2dBackwardWeight', s: ConvShape): Promise<void> {
  const { N, C, H, W, O, kH, kW, oH, oW, p } = s;
  const Cg = C / p.groups;
  const input = [N, C, H, W], weight = [O, Cg, kH, kW], out = [N, O, oH, oW];
  const t = (shape: number[]) => tensorSpec(rng, dtype, shape, 'contiguous', domain);
  const title = `input [${input}] weight [${weight}] ${JSON.stringify(p)}`;
  if (kernel === 'conv2d') {
    const withBias = s.bias;
    await runCase(ctx, {
      title: `${title}${withBias ? ' with bias' : ''}`,
      inputs: { input: t(input), weight: t(weight), ...(withBias ? { bias: t([O]) } : {}) },
      outputs: { out: t(out) },
      checks: { out: { terms: Cg * kH * kW + 1, scale: 'abs' } },
      run: (b, v) => b.fused!.conv2d!(v.input, v.weight, withBias ? v.bias : null, p, v.out),
    });
  } else if (kernel === 'conv2dBackwardInput') {
    await runCase(ctx, {
      title,
      inputs: { gradOut: t(out), weight: t(weight) },
      outputs: { gradInput: t(input) },
      checks: { gradInput: { terms: (O / p.groups) * kH * kW, scale: 'abs' } },
      run: (b, v) => b.fused!.conv2dBackwardInput!(v.gradOut, v.weight, p, v.gradInput),
    });
  } else {
    await runCase(ctx, {
      title,
      inputs: { gradOut: t(out), input: t(input) },
      outputs: { gradWeight: t(weight) },
      checks: { gradWeight: { terms: N * oH * oW, scale: 'abs' } },
      run: (b, v) => b.fused!.conv2dBackwardWeight!(v.gradOut, v.input, p, v.gradWeight),
    });
  }
}
