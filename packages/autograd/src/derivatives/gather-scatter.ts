/**
 * Derivatives of the index-driven ops (core `ops/gather-scatter.ts`): `gather`, `scatter`
 * (tensor or value source), `scatterAdd`, `indexSelect`. The recorded `index` tensors are
 * held by the node (see `OpNode`), so they outlive `torch.tidy` scopes.
 * @module
 */
import { zeros, type Tensor } from '@torchts/core';
import { defineDerivative, type OpArgs } from './registry.js';

function zerosOf(args: OpArgs, g: Tensor): Tensor {
  return zeros([...(args.inputShape as readonly number[])], { dtype: g.dtype, device: g.device });
}

defineDerivative('gather', {
  name: 'GatherBackward0',
  backward: ({ args }, [g]) => [zerosOf(args, g!).scatterAdd(args.dim as number, args.index as Tensor, g!)],
});

defineDerivative('scatter', {
  name: (args) => ('value' in args ? 'ScatterBackward1' : 'ScatterBackward0'),
  backward: ({ args, needs }, [g]) => {
    const dim = args.dim as number, index = args.index as Tensor;
    return [needs[0] ? g!.scatter(dim, index, 0) : null, needs[1] ? g!.gather(dim, index) : null];
  },
});

defineDerivative('scatterAdd', {
  name: 'ScatterAddBackward0',
  backward: ({ args, needs }, [g]) => {
    const dim = args.dim as number, index = args.index as Tensor;
    return [needs[0] ? g : null, needs[1] ? g!.gather(dim, index) : null];
  },
});

defineDerivative('indexSelect', {
  name: 'IndexSelectBackward0',
  backward: ({ args }, [g]) => {
    const dim = args.dim as number, index = args.index as Tensor;
    const inputShape = args.inputShape as readonly number[];
    if (inputShape.length === 0) return [g!.reshape([])];
    // index_add along dim == scatterAdd with the index broadcast over the other dims.
    const shape = g!._shape.map((_, i) => (i === dim ? index.numel() : 1));
    const idx = index.reshape(shape).expand([...g!._shape]);
    return [zerosOf(args, g!).scatterAdd(dim, idx, g!)];
  },
});
