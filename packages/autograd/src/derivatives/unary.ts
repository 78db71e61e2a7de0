/**
 * Derivatives of the elementwise unary ops (core `ops/unary.ts`: op name = the unary name,
 * no args), with PyTorch's formulas (`tools/autograd/derivatives.yaml`) and node names.
 * Rounding ops and `sign` have zero gradients; predicates return bool and are not recorded.
 * @module
 */
import { zerosLike, type Tensor } from '@torchts/core';
import type { SavedTensor } from '../saved-tensor.js';
import { defineDerivative } from './registry.js';

const LN2 = Math.LN2;
const LN10 = Math.LN10;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** Derivative of `op` from the saved input (`x`) or result (`y`): `g -> f(g, v)`. */
function unary(op: string, name: string, uses: 'input' | 'result', f: (g: Tensor, v: Tensor) => Tensor): void {
  defineDerivative<SavedTensor>(op, {
    name,
    save: (r) => r.save(uses === 'input' ? r.inputs[0]! : r.outputs[0]!),
    backward: (ctx, [g]) => [f(g!, ctx.saved.unpack())],
  });
}

/** A derivative that needs no saved tensor. */
function simple(op: string, name: string, f: (g: Tensor) => Tensor): void {
  defineDerivative(op, { name, backward: (_ctx, [g]) => [f(g!)] });
}

simple('neg', 'NegBackward0', (g) => g.neg());
unary('abs', 'AbsBackward0', 'input', (g, x) => g.mul(x.sign()));
simple('sign', 'SignBackward0', (g) => zerosLike(g));
unary('square', 'PowBackward0', 'input', (g, x) => g.mul(x.mul(2)));
unary('relu', 'ReluBackward0', 'result', (g, y) => g.mul(y.gt(0)));
simple('floor', 'FloorBackward0', (g) => zerosLike(g));
simple('ceil', 'CeilBackward0', (g) => zerosLike(g));
simple('round', 'RoundBackward0', (g) => zerosLike(g));
simple('trunc', 'TruncBackward0', (g) => zerosLike(g));
simple('frac', 'FracBackward0', (g) => g);
unary('exp', 'ExpBackward0', 'result', (g, y) => g.mul(y));
unary('expm1', 'Expm1Backward0', 'result', (g, y) => g.mul(y.add(1)));
unary('log', 'LogBackward0', 'input', (g, x) => g.div(x));
unary('log1p', 'Log1PBackward0', 'input', (g, x) => g.div(x.add(1)));
unary('log2', 'Log2Backward0', 'input', (g, x) => g.div(x.mul(LN2)));
unary('log10', 'Log10Backward0', 'input', (g, x) => g.div(x.mul(LN10)));
unary('sqrt', 'SqrtBackward0', 'result', (g, y) => g.div(y.mul(2)));
unary('rsqrt', 'RsqrtBackward0', 'result', (g, y) => g.mul(y.pow(3)).mul(-0.5));
unary('reciprocal', 'ReciprocalBackward0', 'result', (g, y) => g.mul(y.mul(y).neg()));
unary('sin', 'SinBackward0', 'input', (g, x) => g.mul(x.cos()));
unary('cos', 'CosBackward0', 'input', (g, x) => g.mul(x.sin().neg()));
unary('tan', 'TanBackward0', 'result', (g, y) => g.mul(y.mul(y).add(1)));
unary('asin', 'AsinBackward0', 'input', (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt()));
unary('acos', 'AcosBackward0', 'input', (g, x) => g.mul(x.mul(x).neg().add(1).rsqrt().neg()));
unary('atan', 'AtanBackward0', 'input', (g, x) => g.div(x.mul(x).add(1)));
unary('sinh', 'SinhBackward0', 'input', (g, x) => g.mul(x.cosh()));
unary('cosh', 'CoshBackward0', 'input', (g, x) => g.mul(x.sinh()));
unary('tanh', 'TanhBackward0', 'result', (g, y) => g.mul(y.mul(y).neg().add(1)));
unary('asinh', 'AsinhBackward0', 'input', (g, x) => g.mul(x.mul(x).add(1).rsqrt()));
unary('acosh', 'AcoshBackward0', 'input', (g, x) => g.mul(x.mul(x).sub(1).rsqrt()));
unary('atanh', 'AtanhBackward0', 'input', (g, x) => g.div(x.mul(x).neg().add(1)));
unary('erf', 'ErfBackward0', 'input', (g, x) => g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)));
unary('erfc', 'ErfcBackward0', 'input', (g, x) => g.mul(x.mul(x).neg().exp().mul(-TWO_OVER_SQRT_PI)));
unary('sigmoid', 'SigmoidBackward0', 'result', (g, y) => g.mul(y.neg().add(1).mul(y)));
unary('silu', 'SiluBackward0', 'input', (g, x) => {
  const s = x.sigmoid();
  return g.mul(s.mul(x.mul(s.neg().add(1)).add(1)));
});
// Exact GELU: x * Phi(x); d/dx = Phi(x) + x * phi(x).
unary('gelu', 'GeluBackward0', 'input', (g, x) => {
  const cdf = x.mul(Math.SQRT1_2).erf().add(1).mul(0.5);
  const pdf = x.mul(x).mul(-0.5).exp().mul(INV_SQRT_2PI);
  return g.mul(cdf.add(x.mul(pdf)));
});
