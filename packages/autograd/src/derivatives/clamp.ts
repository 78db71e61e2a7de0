/**
 * Derivative of `clamp` (core `ops/clamp.ts`; also recorded by `clampMin`/`clampMax`):
 * inputs `[x, minTensor, maxTensor]`, args `{ min, max }` (number bounds or null), with
 * PyTorch's `clamp_backward` and `clamp_backward_min_max`.
 * @module
 */
import type { Tensor } from '@torchts/core';
import type { SavedTensor } from '../saved-tensor.js';
import { defineDerivative } from './registry.js';
import { maskedZero } from './helpers.js';

interface Saved {
  x: SavedTensor;
  min: SavedTensor | null;
  max: SavedTensor | null;
}

defineDerivative<Saved>('clamp', {
  name: (_args, inputs) => (inputs[1] || inputs[2] ? 'ClampBackward0' : 'ClampBackward1'),
  save: (r) => ({
    x: r.save(r.inputs[0]!),
    min: r.inputs[1] ? r.save(r.inputs[1]) : null,
    max: r.inputs[2] ? r.save(r.inputs[2]) : null,
  }),
  backward: ({ saved, args, needs }, [g]) => {
    const x = saved.x.unpack();
    const lo: Tensor | number | null = saved.min ? saved.min.unpack() : (args.min as number | null);
    const hi: Tensor | number | null = saved.max ? saved.max.unpack() : (args.max as number | null);
    let gx: Tensor | null = null, gmin: Tensor | null = null, gmax: Tensor | null = null;
    if (needs[0]) {
      let keep: Tensor | null = null;
      if (lo !== null) keep = x.ge(lo);
      if (hi !== null) keep = keep ? keep.logicalAnd(x.le(hi)) : x.le(hi);
      gx = keep ? maskedZero(keep.logicalNot(), g!) : g!;
    }
    if (needs[1] && lo !== null) {
      let pred = x.lt(lo);
      if (hi !== null) pred = pred.logicalAnd((saved.min!.unpack()).lt(hi));
      gmin = maskedZero(pred.logicalNot(), g!);
    }
    if (needs[2] && hi !== null) {
      let pred = x.gt(hi);
      if (lo !== null) pred = pred.logicalOr((saved.max!.unpack()).lt(lo));
      gmax = maskedZero(pred.logicalNot(), g!);
    }
    return [gx, gmin, gmax];
  },
});
