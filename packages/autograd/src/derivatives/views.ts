/**
 * Derivatives of the view ops and `clone` (core `ops/views.ts`, and `alias` from
 * `ops/indexing.ts`): reshapes reshape the gradient back, permutations invert, `expand`
 * sums, slicing ops scatter the gradient into zeros of the input's shape.
 * @module
 */
import { zeros, type Tensor } from '@torchts/core';
import { contiguousStrides } from '@torchts/core';
import { sumToShape } from '../sum-to-shape.js';
import { defineDerivative, type OpArgs } from './registry.js';

function shapeArg(args: OpArgs, key = 'inputShape'): number[] {
  return [...(args[key] as readonly number[])];
}

/** Ops whose gradient is the output gradient reshaped to the input's shape. */
const reshapes: [string, string | ((args: OpArgs) => string)][] = [
  ['view', 'ViewBackward0'],
  ['reshape', 'ReshapeAliasBackward0'],
  ['unsafeView', 'UnsafeViewBackward0'],
  ['squeeze', (args) => (args.dims === undefined || args.dims === null ? 'SqueezeBackward0' : 'SqueezeBackward1')],
  ['unsqueeze', 'UnsqueezeBackward0'],
];
for (const [op, name] of reshapes) {
  defineDerivative(op, {
    name,
    backward: ({ args }, [g]) => [g!.reshape(shapeArg(args))],
  });
}

defineDerivative('alias', { name: 'AliasBackward0', backward: (_ctx, [g]) => [g] });
defineDerivative('clone', { name: 'CloneBackward0', backward: (_ctx, [g]) => [g] });

defineDerivative('permute', {
  name: 'PermuteBackward0',
  backward: ({ args }, [g]) => {
    const dims = args.dims as readonly number[];
    const inverse = new Array<number>(dims.length);
    dims.forEach((d, i) => (inverse[d] = i));
    return [g!.permute(inverse)];
  },
});

for (const [op, name] of [['transpose', 'TransposeBackward0'], ['t', 'TBackward0']] as const) {
  defineDerivative(op, {
    name,
    backward: ({ args }, [g]) => [g!.transpose(args.dim0 as number, args.dim1 as number)],
  });
}

defineDerivative('expand', {
  name: 'ExpandBackward0',
  backward: ({ args }, [g]) => [sumToShape(g!, shapeArg(args))],
});

/**
 * Zeros of the input's shape with `g` written into the part `part` selects
 * (PyTorch's `slice_backward` / `select_backward`). In a recorded backward the write is an
 * in-place op on a view, so it is differentiable with respect to `g`.
 */
function scatterIntoZeros(g: Tensor, inputShape: number[], part: (z: Tensor) => Tensor): Tensor {
  const z = zeros(inputShape, { dtype: g.dtype, device: g.device });
  part(z).copy_(g);
  return z;
}

defineDerivative('narrow', {
  name: 'SliceBackward0',
  backward: ({ args }, [g]) => [
    scatterIntoZeros(g!, shapeArg(args), (z) => z.narrow(args.dim as number, args.start as number, args.length as number)),
  ],
});

defineDerivative('select', {
  name: 'SelectBackward0',
  backward: ({ args }, [g]) => [
    scatterIntoZeros(g!, shapeArg(args), (z) => z.select(args.dim as number, args.index as number)),
  ],
});

defineDerivative('slice', {
  name: 'SliceBackward0',
  backward: ({ args }, [g]) => {
    const inputShape = shapeArg(args);
    const dim = args.dim as number, start = args.start as number, step = args.step as number;
    return [
      scatterIntoZeros(g!, inputShape, (z) => {
        // z is contiguous: the slice is a strided view of it.
        const strides = contiguousStrides(inputShape);
        const offset = g!._shape[dim]! > 0 ? start * strides[dim]! : 0;
        strides[dim] = strides[dim]! * step;
        return z._viewAs([...g!._shape], strides, z._offset + offset);
      }),
    ];
  },
});
