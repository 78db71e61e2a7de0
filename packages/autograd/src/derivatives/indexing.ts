/**
 * Derivatives of indexing (core `ops/indexing.ts`): advanced indexing `index` (basic
 * indices are recorded as views) and the in-place `indexPut` (`x[idx] = v`).
 * @module
 */
import { zeros, type IndexItem, type Tensor } from '@torchts/core';
import { defineDerivative } from './registry.js';

defineDerivative('index', {
  name: 'IndexBackward0',
  backward: ({ args }, [g]) => {
    const indices = (args.indices as readonly (Tensor | null)[]).map((t): IndexItem => t ?? ':');
    const z = zeros([...(args.inputShape as readonly number[])], { dtype: g!.dtype, device: g!.device });
    return [z.indexPut_(indices, g!, true)];
  },
});

defineDerivative('indexPut', {
  name: 'IndexPutBackward0',
  backward: ({ args, needs }, [g]) => {
    const indices = args.indices as IndexItem[];
    return [
      needs[0] ? (args.accumulate ? g : g!.indexPut(indices, 0)) : null,
      // Summed back to the value's shape by the engine.
      needs[1] ? g!.index(...indices) : null,
    ];
  },
});
