/**
 * Derivatives of selection by mask (core `ops/where.ts`): `where`, `maskedFill`,
 * `maskedSelect`. The recorded conditions and masks are held by the node.
 * @module
 */
import { broadcastShapes, zeros, type Tensor } from '@torchts/core';
import { defineDerivative } from './registry.js';
import { maskedZero } from './helpers.js';

defineDerivative('where', {
  name: 'WhereBackward0',
  backward: ({ args, needs }, [g]) => {
    const cond = args.condition as Tensor;
    return [
      needs[0] ? maskedZero(cond.logicalNot(), g!) : null,
      needs[1] ? maskedZero(cond, g!) : null,
    ];
  },
});

defineDerivative('maskedFill', {
  name: (_args, inputs) => (inputs[1] ? 'MaskedFillBackward1' : 'MaskedFillBackward0'),
  backward: ({ args, needs }, [g]) => {
    const mask = args.mask as Tensor;
    return [needs[0] ? maskedZero(mask, g!) : null, needs[1] ? maskedZero(mask.logicalNot(), g!).sum() : null];
  },
});

defineDerivative('maskedSelect', {
  name: 'MaskedSelectBackward0',
  backward: ({ args }, [g]) => {
    const mask = args.mask as Tensor;
    const shape = broadcastShapes(args.inputShape as readonly number[], mask._shape);
    const z = zeros(shape, { dtype: g!.dtype, device: g!.device });
    // The engine sums the result back to the input's shape when the mask broadcast it.
    return [z.indexPut([mask.expand(shape)], g!)];
  },
});
