/**
 * Derivatives of the reductions (core `ops/reduction.ts`): `sum`, `mean`, `prod`,
 * `amax`/`amin` (also `max()`/`min()` without a dim), `max`/`min` with a dim, `var`, `std`,
 * `norm`, `logsumexp`; and the selections of `ops/sort.ts` (`sort`, `topk`, `kthvalue`,
 * `median`), whose values send their gradient back to the selected indices.
 * @module
 */
import { cat, numelOf, onesLike, zeros, zerosLike, type Tensor } from '@torchts/core';
import type { SavedTensor } from '../saved-tensor.js';
import { defineDerivative, type OpArgs } from './registry.js';
import { flip, hasZero, maskedZero } from './helpers.js';

function dimsOf(args: OpArgs): number[] {
  return [...(args.dims as readonly number[])];
}
function inputShapeOf(args: OpArgs): number[] {
  return [...(args.inputShape as readonly number[])];
}

/** The reduced shape with size-1 dims kept (what `keepdim: true` gives). */
function keptShape(inputShape: readonly number[], dims: readonly number[]): number[] {
  return inputShape.map((s, i) => (dims.includes(i) ? 1 : s));
}

/** A reduction's output (or its gradient) with the reduced dims back as size 1. */
function unsqueezeReduced(t: Tensor, args: OpArgs): Tensor {
  if (args.keepdim) return t;
  return t.reshape(keptShape(inputShapeOf(args), dimsOf(args)));
}

/** The output gradient broadcast back over the reduced dims. */
function expandBack(g: Tensor, args: OpArgs): Tensor {
  return unsqueezeReduced(g, args).expand(inputShapeOf(args));
}

/** Whether the op was called without a dim (PyTorch's no-dim overload, `...Backward0`). */
function isFullReduction(args: OpArgs): boolean {
  if (typeof args.dimGiven === 'boolean') return !args.dimGiven;
  return !args.keepdim && dimsOf(args).length === inputShapeOf(args).length;
}

defineDerivative('sum', {
  name: (args) => (isFullReduction(args) ? 'SumBackward0' : 'SumBackward1'),
  backward: ({ args }, [g]) => [expandBack(g!, args)],
});

defineDerivative('mean', {
  name: (args) => (isFullReduction(args) ? 'MeanBackward0' : 'MeanBackward1'),
  backward: ({ args }, [g]) => [expandBack(g!, args).div(args.count as number)],
});

interface XY {
  x: SavedTensor;
  y: SavedTensor;
}

defineDerivative<XY>('prod', {
  name: (args) => (isFullReduction(args) ? 'ProdBackward0' : 'ProdBackward1'),
  save: (r) => ({ x: r.save(r.inputs[0]!), y: r.save(r.outputs[0]!) }),
  backward: ({ saved, args }, [g]) => {
    const x = saved.x.unpack();
    if (x.dim() === 0) return [g];
    const gk = unsqueezeReduced(g!, args);
    // Without zeros, d prod / d x_k = prod / x_k (as PyTorch, which also reads the input).
    if (!hasZero(x)) return [gk.mul(unsqueezeReduced(saved.y.unpack(), args).div(x))];
    // With zeros: the product of the others, from exclusive products on both sides (exact,
    // also for higher derivatives). The reduced dims are moved last and flattened.
    const dims = dimsOf(args);
    const kept = [...Array(x.dim()).keys()].filter((d) => !dims.includes(d));
    const perm = [...kept, ...dims];
    const inverse = new Array<number>(perm.length);
    perm.forEach((d, i) => (inverse[d] = i));
    const lead = kept.map((d) => x._shape[d]!);
    const flat = x.permute(perm).reshape([...lead, numelOf(dims.map((d) => x._shape[d]!))]);
    const others = productOfOthers(flat, lead.length);
    return [gk.mul(others.reshape(perm.map((d) => x._shape[d]!)).permute(inverse))];
  },
});

/** Per element along `dim`: the product of the other elements (PyTorch's `prod_safe_zeros_backward`). */
function productOfOthers(t: Tensor, dim: number): Tensor {
  const n = t.size(dim);
  if (n === 1) return onesLike(t);
  const ones = onesLike(t.narrow(dim, 0, 1));
  const before = cat([ones, t.narrow(dim, 0, n - 1)], dim).cumprod(dim);
  const after = flip(cat([ones, flip(t.narrow(dim, 1, n - 1), dim)], dim).cumprod(dim), dim);
  return before.mul(after);
}

/** The gradient split evenly between the elements equal to the (kept-dims) result. */
function evenlyDistributed(g: Tensor, x: Tensor, result: Tensor, args: OpArgs): Tensor {
  const dims = dimsOf(args);
  const hits = x.eq(unsqueezeReduced(result, args));
  const count = dims.length > 0 ? hits.sum(dims, true) : hits.long();
  return unsqueezeReduced(g, args).div(count).mul(hits);
}

for (const [op, name, fromMaxMin] of [
  ['amax', 'AmaxBackward0', 'MaxBackward1'],
  ['amin', 'AminBackward0', 'MinBackward1'],
] as const) {
  defineDerivative<XY>(op, {
    // max()/min() without a dim record amax/amin; PyTorch names those nodes MaxBackward1/MinBackward1.
    name: (args) => (args.fromMaxMin ? fromMaxMin : name),
    save: (r) => ({ x: r.save(r.inputs[0]!), y: r.save(r.outputs[0]!) }),
    backward: ({ saved, args }, [g]) => [evenlyDistributed(g!, saved.x.unpack(), saved.y.unpack(), args)],
  });
}

// median(): split like amax; median(dim): the gradient goes to the returned indices.
defineDerivative<{ x?: SavedTensor; y: SavedTensor }>('median', {
  name: (args) => ('dim' in args ? 'MedianBackward1' : 'MedianBackward0'),
  save: (r) =>
    'dim' in r.args ? { y: r.save(r.outputs[1]!) } : { x: r.save(r.inputs[0]!), y: r.save(r.outputs[0]!) },
  backward: ({ saved, args }, [g]) => {
    if ('dim' in args) return [valueSelectingBackward(g!, saved.y.unpack(), args)];
    return [evenlyDistributed(g!, saved.x!.unpack(), saved.y.unpack(), args)];
  },
});

/**
 * For ops returning `[values, indices]` along `dim`: the values' gradient goes to the
 * selected indices (PyTorch's `value_selecting_reduction_backward`).
 */
function valueSelectingBackward(g: Tensor, indices: Tensor, args: OpArgs): Tensor {
  const dim = args.dim as number;
  const inputShape = inputShapeOf(args);
  let gk = g, ik = indices;
  if (inputShape.length > 0 && 'keepdim' in args && !args.keepdim) {
    gk = g.unsqueeze(dim);
    ik = indices.unsqueeze(dim);
  }
  if (inputShape.length === 0) return gk.reshape([]);
  return zeros(inputShape, { dtype: g.dtype, device: g.device }).scatter(dim, ik, gk);
}

/** Ops whose first output's gradient goes to the indices of the second. */
const selections: [string, string][] = [
  ['max', 'MaxBackward0'],
  ['min', 'MinBackward0'],
  ['kthvalue', 'KthvalueBackward0'],
  ['sort', 'SortBackward0'],
  ['topk', 'TopkBackward0'],
];
for (const [op, name] of selections) {
  defineDerivative<SavedTensor>(op, {
    name,
    save: (r) => r.save(r.outputs[1]!),
    backward: ({ saved, args }, [g]) => [valueSelectingBackward(g!, saved.unpack(), args)],
  });
}

defineDerivative<SavedTensor>('var', {
  name: 'VarBackward0',
  save: (r) => r.save(r.inputs[0]!),
  backward: ({ saved, args }, [g]) => {
    const x = saved.unpack();
    const dims = dimsOf(args);
    const n = (args.count as number) - (args.correction as number);
    const centered = dims.length > 0 ? x.sub(x.mean(dims, true)) : x.sub(x);
    return [unsqueezeReduced(g!, args).mul(centered).mul(2 / n)];
  },
});

defineDerivative<XY>('std', {
  name: 'StdBackward0',
  save: (r) => ({ x: r.save(r.inputs[0]!), y: r.save(r.outputs[0]!) }),
  backward: ({ saved, args }, [g]) => {
    const x = saved.x.unpack(), y = saved.y.unpack();
    const dims = dimsOf(args);
    const n = (args.count as number) - (args.correction as number);
    const centered = dims.length > 0 ? x.sub(x.mean(dims, true)) : x.sub(x);
    // d std = d var / (2 std)
    return [unsqueezeReduced(g!.div(y), args).mul(centered).div(n)];
  },
});

defineDerivative<XY>('norm', {
  name: 'NormBackward1',
  save: (r) => ({ x: r.save(r.inputs[0]!), y: r.save(r.outputs[0]!) }),
  backward: ({ saved, args }, [g]) => {
    const x = saved.x.unpack();
    const norm = unsqueezeReduced(saved.y.unpack(), args);
    const gk = unsqueezeReduced(g!, args);
    const p = args.p as number;
    if (p === 0) return [zerosLike(x)];
    if (p === 1) return [gk.mul(x.sign())];
    if (p === Infinity || p === -Infinity) {
      const hits = x.abs().eq(norm);
      const dims = dimsOf(args);
      const count = dims.length > 0 ? hits.sum(dims, true) : hits.long();
      return [gk.mul(x.sign()).mul(hits).div(count)];
    }
    if (p === 2) return [maskedZero(norm.eq(0), gk.mul(x).div(norm))];
    // g * x * |x|^(p-2) / norm^(p-1)
    const scale = x.abs().pow(p - 2).mul(x);
    return [maskedZero(norm.eq(0), gk.mul(scale).div(norm.pow(p - 1)))];
  },
});

defineDerivative<XY>('logsumexp', {
  name: 'LogsumexpBackward0',
  save: (r) => ({ x: r.save(r.inputs[0]!), y: r.save(r.outputs[0]!) }),
  backward: ({ saved, args }, [g]) => {
    const x = saved.x.unpack(), y = unsqueezeReduced(saved.y.unpack(), args);
    return [unsqueezeReduced(g!, args).mul(x.sub(y).exp())];
  },
});
