/**
 * Derivatives of conversions and in-place writers (core `ops/conversion.ts`: `to`,
 * `copy`, `fill`, `zero`; `ops/random-inplace.ts`: `uniform`, `normal`, `random`,
 * `bernoulli`). Writers overwrite self, so the old self gets a zero gradient; `copy_`'s
 * source gets the gradient, summed back over broadcast dims and cast to its dtype and device.
 * @module
 */
import { zerosLike, type Device, type DType } from '@torchts/core';
import { defineDerivative } from './registry.js';

defineDerivative('to', {
  name: 'ToCopyBackward0',
  backward: ({ args }, [g]) => [g!.to(args.fromDevice as Device, args.fromDtype as DType)],
});

defineDerivative('copy', {
  name: 'CopyBackwards',
  backward: ({ needs }, [g]) => [needs[0] ? zerosLike(g!) : null, needs[1] ? g : null],
});

/** In-place writers: self's old values do not matter any more. */
const overwrites: [string, string][] = [
  ['fill', 'FillBackward2'],
  ['zero', 'ZeroBackward0'],
  ['uniform', 'UniformBackward0'],
  ['normal', 'NormalBackward0'],
  ['random', 'RandomBackward0'],
  ['bernoulli', 'BernoulliBackward2'],
];
for (const [op, name] of overwrites) {
  defineDerivative(op, { name, backward: (_ctx, [g]) => [zerosLike(g!)] });
}
