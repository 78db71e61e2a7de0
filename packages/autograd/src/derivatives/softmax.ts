/**
 * Derivatives of `softmax` and `logSoftmax` (core `ops/softmax.ts`, args `{ dim, inputDtype }`),
 * from the saved output only; the engine casts the gradient back to `inputDtype`.
 * @module
 */
import type { SavedTensor } from '../saved-tensor.js';
import { defineDerivative } from './registry.js';

defineDerivative<SavedTensor>('softmax', {
  name: 'SoftmaxBackward0',
  save: (r) => r.save(r.outputs[0]!),
  backward: ({ saved, args }, [g]) => {
    const y = saved.unpack();
    const dim = args.dim as number;
    // y * (g - sum(g * y, dim))
    return [y.mul(g!.sub(g!.mul(y).sum(dim, true)))];
  },
});

defineDerivative<SavedTensor>('logSoftmax', {
  name: 'LogSoftmaxBackward0',
  save: (r) => r.save(r.outputs[0]!),
  backward: ({ saved, args }, [g]) => {
    const y = saved.unpack();
    const dim = args.dim as number;
    // g - exp(y) * sum(g, dim)
    return [g!.sub(y.exp().mul(g!.sum(dim, true)))];
  },
});
