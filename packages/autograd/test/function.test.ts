import './setup.js';
import * as torch from '@torchts/core';
import type { Tensor } from '@torchts/core';
import { Function, FunctionCtx, gradcheck, gradgradcheck } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';
import { loadGolden } from './derivatives/harness.js';

const errors = loadGolden().errors as Record<string, string>;
const f64 = { dtype: torch.float64 };

class Exp extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    const y = x.exp();
    ctx.saveForBackward(y);
    return y;
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [y] = ctx.savedTensors;
    return g.mul(y!);
  }
}

/** x * k for a number k; returns [x * k, x.argmax()] to exercise non-differentiable outputs. */
class ScaleWithIndex extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor, k: number): [Tensor, Tensor] {
    ctx.k = k;
    const idx = x.argmax();
    ctx.markNonDifferentiable(idx);
    return [x.mul(k), idx];
  }
  static override backward(ctx: FunctionCtx, g: Tensor | null): [Tensor | null, null] {
    return [g ? g.mul(ctx.k as number) : null, null];
  }
}

describe('custom Function', () => {
  test('forward without recording, one node named <Class>Backward', () => {
    const x = torch.tensor([0, 1], { ...f64, requiresGrad: true });
    const y = Exp.apply(x);
    expect(y.gradFn!.name()).toBe('ExpBackward');
    expect(y.gradFn!.nextFunctions[0]![0]!.name()).toBe('AccumulateGrad');
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([1, Math.E]);
  });

  test('passes gradcheck and gradgradcheck (its backward uses differentiable ops)', () => {
    const x = torch.randn([3], { ...f64, requiresGrad: true });
    expect(gradcheck((t: Tensor) => Exp.apply(t), [x])).toBe(true);
    expect(gradgradcheck((t: Tensor) => Exp.apply(t), [x])).toBe(true);
  });

  test('non-tensor arguments, several outputs, non-differentiable outputs', () => {
    const x = torch.tensor([1, 3, 2], { ...f64, requiresGrad: true });
    const [y, idx] = ScaleWithIndex.apply(x, 4);
    expect(idx.requiresGrad).toBe(false);
    expect(idx.item()).toBe(1);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([4, 4, 4]);
  });

  test('needsInputGrad and no recording when nothing requires grad', () => {
    let seen: boolean[] = [];
    class Probe extends Function {
      static override forward(ctx: FunctionCtx, a: Tensor, b: Tensor): Tensor {
        seen = ctx.needsInputGrad;
        return a.mul(b);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): [Tensor, Tensor] {
        return [g, g];
      }
    }
    const a = torch.ones(2, { requiresGrad: true });
    Probe.apply(a, torch.ones(2));
    expect(seen).toEqual([true, false]);
    expect(Probe.apply(torch.ones(2), torch.ones(2)).requiresGrad).toBe(false);
  });

  test('an input returned as is becomes a new node output, the input keeps its identity', () => {
    class Identity extends Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x;
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g.mul(2);
      }
    }
    const x = torch.ones(2, { requiresGrad: true });
    const y = Identity.apply(x);
    expect(y).not.toBe(x);
    expect(x.isLeaf).toBe(true);
    y.sum().backward();
    expect(x.grad!.tolist()).toEqual([2, 2]);
  });

  test('saved tensors are freed after backward', () => {
    const x = torch.ones(2, { requiresGrad: true });
    const y = Exp.apply(x);
    const s = y.sum();
    s.backward();
    expect(() => s.backward()).toThrow(errors.second_backward);
  });

  test('bad backward results fail with PyTorch messages', () => {
    class Bad extends Function {
      static override forward(_ctx: FunctionCtx, x: Tensor): Tensor {
        return x.mul(2);
      }
      static override backward(): Tensor {
        return torch.ones(2);
      }
    }
    class Bad2 extends Function {
      static override forward(_ctx: FunctionCtx, x: Tensor, _y: Tensor): Tensor {
        return x.mul(2);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): Tensor {
        return g;
      }
    }
    class Bad3 extends Function {
      static override forward(_ctx: FunctionCtx, x: Tensor, k: number): Tensor {
        return x.mul(k);
      }
      static override backward(_ctx: FunctionCtx, g: Tensor): [Tensor, Tensor] {
        return [g, g];
      }
    }
    const x = torch.rand(3, { requiresGrad: true });
    expect(() => Bad.apply(x).sum().backward()).toThrow(errors.fn_invalid_shape);
    expect(() => Bad2.apply(x, x).sum().backward()).toThrow(errors.fn_wrong_count);
    expect(() => Bad3.apply(x, 2).sum().backward()).toThrow(errors.fn_non_tensor_grad);
  });
});
