import './setup.js';
import * as torch from '@torchts/core';
import type { Tensor } from '@torchts/core';
import { Function, FunctionCtx, GradcheckError, gradcheck, gradgradcheck } from '@torchts/autograd';
import { describe, expect, test } from 'vitest';

const f64 = { dtype: torch.float64, requiresGrad: true };

/** sin with a wrong derivative (cos + 0.1). */
class WrongSin extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.sin();
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [x] = ctx.savedTensors;
    return g.mul(x!.cos().add(0.1));
  }
}

/** sin whose backward is correct but not differentiable (it detaches). */
class OnceDifferentiableSin extends Function {
  static override forward(ctx: FunctionCtx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.sin();
  }
  static override backward(ctx: FunctionCtx, g: Tensor): Tensor {
    const [x] = ctx.savedTensors;
    return g.mul(x!.detach().cos());
  }
}

describe('gradcheck', () => {
  test('accepts correct gradients of several inputs and outputs', () => {
    const a = torch.randn([2, 3], f64), b = torch.randn([3], f64);
    expect(gradcheck((x: Tensor, y: Tensor) => [x.mul(y).sin(), x.sum(1)], [a, b])).toBe(true);
    expect(gradcheck((x: Tensor) => x.pow(2), a)).toBe(true);
  });

  test('detects a wrong gradient', () => {
    const x = torch.randn([3], f64);
    expect(gradcheck((t: Tensor) => WrongSin.apply(t), [x], { raiseException: false })).toBe(false);
    expect(() => gradcheck((t: Tensor) => WrongSin.apply(t), [x])).toThrow(GradcheckError);
    expect(() => gradcheck((t: Tensor) => WrongSin.apply(t), [x])).toThrow(
      /^Jacobian mismatch for output 0 with respect to input 0,\nnumerical:tensor/,
    );
  });

  test('gradgradcheck detects a backward that is not differentiable', () => {
    const x = torch.randn([3], f64);
    expect(gradcheck((t: Tensor) => OnceDifferentiableSin.apply(t), [x])).toBe(true);
    expect(gradgradcheck((t: Tensor) => OnceDifferentiableSin.apply(t), [x], null, { raiseException: false })).toBe(false);
    expect(gradgradcheck((t: Tensor) => t.sin(), [x])).toBe(true);
  });

  test('needs an input that requires grad', () => {
    expect(() => gradcheck((t: Tensor) => t.sin(), [torch.randn(3, { dtype: torch.float64 })])).toThrow(
      'gradcheck expects at least one input tensor to require gradient',
    );
  });
});
