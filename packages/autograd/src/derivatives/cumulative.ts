/**
 * Derivatives of `cumsum` and `cumprod` (core `ops/cumulative.ts`, args `{ dim, inputDtype }`).
 * @module
 */
import { arange, int64, where, type Tensor } from '@torchts/core';
import type { SavedTensor } from '../saved-tensor.js';
import { defineDerivative } from './registry.js';
import { hasZero } from './helpers.js';

/** Sum from each position to the end along `dim` (`g.flip(dim).cumsum(dim).flip(dim)`). */
export function reverseCumsum(g: Tensor, dim: number): Tensor {
  if (g.dim() === 0) return g;
  return g.sum(dim, true).sub(g.cumsum(dim)).add(g);
}

defineDerivative('cumsum', {
  name: 'CumsumBackward0',
  backward: ({ args }, [g]) => [reverseCumsum(g!, args.dim as number)],
});

interface XY {
  x: SavedTensor;
  y: SavedTensor;
}

defineDerivative<XY>('cumprod', {
  name: 'CumprodBackward0',
  save: (r) => ({ x: r.save(r.inputs[0]!), y: r.save(r.outputs[0]!) }),
  backward: ({ saved, args }, [g]) => {
    const x = saved.x.unpack();
    if (x.dim() === 0) return [g];
    const dim = args.dim as number;
    // Without zeros: sum_{j>=k} g_j y_j / x_k.
    if (!hasZero(x)) return [reverseCumsum(g!.mul(saved.y.unpack()), dim).div(x)];
    // With zeros, exactly (also for higher derivatives): grad_k = sum_{j>=k} g_j prod_{i<=j, i!=k} x_i,
    // from the matrix X[k][i] = (i == k ? 1 : x_i) whose cumprod along i gives those products.
    const xm = x.movedim(dim, -1), gm = g!.movedim(dim, -1);
    const n = xm.size(-1);
    const k = arange(n, { dtype: int64, device: x.device });
    const diagonal = k.unsqueeze(1).eq(k.unsqueeze(0));
    const upper = k.unsqueeze(1).le(k.unsqueeze(0)); // j >= k
    const rows = where(diagonal, 1, xm.unsqueeze(-2).expand([...xm._shape.slice(0, -1), n, n]));
    const grad = rows.cumprod(-1).mul(gm.unsqueeze(-2)).mul(upper).sum(-1);
    return [grad.movedim(-1, dim)];
  },
});
