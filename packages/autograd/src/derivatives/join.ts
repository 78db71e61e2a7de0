/**
 * Derivatives of joining (core `ops/join.ts`): `cat` (each input gets its slice of the
 * gradient) and `stack` (each input gets its index along the new dim). `split`/`chunk`
 * record narrow/slice views, covered by the view derivatives.
 * @module
 */
import { zeros } from '@torchts/core';
import { defineDerivative } from './registry.js';

defineDerivative('cat', {
  name: 'CatBackward0',
  backward: ({ args, needs, inputMeta }, [g]) => {
    const dim = args.dim as number;
    const offsets = args.offsets as readonly number[], sizes = args.sizes as readonly number[];
    const shapes = args.inputShapes as readonly (readonly number[])[];
    return needs.map((need, i) => {
      if (!need) return null;
      // An input cat skipped (PyTorch's legacy 1-d empty tensor) gets zeros of its own shape.
      if (sizes[i] === 0 && shapes[i]!.length !== g!.dim()) {
        const m = inputMeta[i]!;
        return zeros([...shapes[i]!], { dtype: m.dtype, device: m.device });
      }
      return g!.narrow(dim, offsets[i]!, sizes[i]!);
    });
  },
});

defineDerivative('stack', {
  name: 'StackBackward0',
  backward: ({ args, needs }, [g]) => needs.map((need, i) => (need ? g!.select(args.dim as number, i) : null)),
});
