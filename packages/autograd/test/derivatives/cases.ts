/**
 * The TypeScript side of the golden cases of fixtures/gen_autograd.py: each entry computes
 * what the Python lambda of the same name computes.
 */
import * as torch from '@torchts/core';
import type { Tensor } from '@torchts/core';

type Fn = (...t: Tensor[]) => Tensor;

const unaryNames = [
  'neg', 'abs', 'sign', 'square', 'relu', 'floor', 'ceil', 'round', 'trunc', 'frac', 'exp', 'expm1', 'log',
  'log1p', 'log2', 'log10', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh',
  'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'erf', 'erfc', 'sigmoid', 'silu', 'gelu',
] as const;

export const cases: Record<string, Fn> = {
  ...Object.fromEntries(unaryNames.map((op) => [op, (x: Tensor) => (x[op] as () => Tensor).call(x)])),
  exp_inplace: (x) => x.clone().exp_(),
  sigmoid_inplace: (x) => x.clone().sigmoid_(),

  add: (a, b) => a.add(b!),
  add_alpha: (a, b) => torch.add(a, b!, { alpha: 2.5 }),
  add_scalar: (a) => a.add(2),
  sub: (a, b) => a.sub(b!),
  sub_alpha: (a, b) => torch.sub(a, b!, { alpha: -1.5 }),
  rsub: (a) => torch.sub(2, a),
  mul: (a, b) => a.mul(b!),
  mul_scalar: (a) => a.mul(3),
  mul_self: (a) => a.mul(a),
  div: (a, b) => a.div(b!),
  div_scalar: (a) => a.div(4),
  rdiv: (a) => torch.div(2, a),
  div_floor: (a, b) => torch.div(a, b!, { roundingMode: 'floor' }),
  remainder: (a, b) => torch.remainder(a, b!),
  remainder_scalar: (a) => torch.remainder(a, 0.7),
  fmod: (a, b) => torch.fmod(a, b!),
  fmod_scalar: (a) => torch.fmod(a, 0.7),
  pow_scalar: (a) => a.pow(3),
  pow_half: (a) => a.pow(0.5),
  pow_zero: (a) => a.pow(0),
  pow: (a, b) => a.pow(b!),
  rpow: (b) => torch.pow(2, b),
  maximum: (a, b) => torch.maximum(a, b!),
  minimum: (a, b) => torch.minimum(a, b!),
  maximum_notie: (a, b) => torch.maximum(a, b!),
  atan2: (a, b) => torch.atan2(a, b!),
  mul_inplace: (a, b) => a.clone().mul_(b!),
  div_inplace: (a, b) => a.clone().div_(b!),

  view: (x) => x.view(2, 6),
  reshape: (x) => x.reshape(4, 3),
  reshape_copy: (x) => x.t().reshape(-1),
  flatten: (x) => x.flatten(),
  unflatten: (x) => x.unflatten(1, [2, 2]),
  squeeze: (x) => x.squeeze(),
  squeeze_dim: (x) => x.squeeze(1),
  unsqueeze: (x) => x.unsqueeze(1),
  permute: (x) => x.permute(2, 0, 1),
  transpose: (x) => x.transpose(0, 2),
  t: (x) => x.t(),
  mT: (x) => x.mT,
  movedim: (x) => x.movedim(0, 2),
  expand: (x) => x.expand(2, 3, 4),
  narrow: (x) => x.narrow(1, 1, 2),
  select: (x) => x.select(1, 2),
  slice_step: (x) => x.index(':', '1:4:2'),
  alias: (x) => x.index('...'),
  clone: (x) => x.clone(),
  contiguous: (x) => x.t().contiguous(),
  unbind: (x) => x.unbind(1)[2]!,
  view_chain: (x) => x.t().index('1:3').reshape(-1).mul(2),

  to_float32: (x) => x.float().mul(2),
  copy: (x) => {
    const y = torch.zeros([3, 4], { dtype: torch.float64 });
    y.copy_(x);
    return y;
  },
  copy_broadcast: (x, s) => {
    const y = x.clone();
    y.copy_(s!);
    return y.mul(x);
  },
  fill: (x) => {
    const y = x.clone();
    y.fill_(2);
    return y;
  },
  zero: (x) => {
    const y = x.mul(3);
    y.zero_();
    return y;
  },
  view_mul_: (x) => {
    const y = x.clone();
    y.select(0, 0).mul_(2);
    return y;
  },
  view_add_other: (x, b) => {
    const y = x.mul(1);
    y.index(':', '1:3').add_(b!);
    return y;
  },
  buffer_copy: (x) => {
    const buf = torch.zeros([3, 4], { dtype: torch.float64 });
    buf.select(0, 1).copy_(x);
    return buf;
  },
  view_exp_then_use: (x) => {
    const y = x.clone();
    const v = y.narrow(1, 0, 2);
    v.exp_();
    return v.mul(y.sum());
  },
  transposed_view_inplace: (x, b) => {
    const y = x.clone();
    y.t().select(0, 1).mul_(b!);
    return y;
  },

  sum: (x) => x.sum(),
  sum_dim: (x) => x.sum(1),
  sum_1d_dim: (x) => x.sum(0),
  mean_all_dims: (x) => x.mean([0, 1]),
  sum_dims_keepdim: (x) => x.sum([0, 2], true),
  mean: (x) => x.mean(),
  mean_dim: (x) => x.mean(0),
  mean_keepdim: (x) => x.mean(1, true),
  prod: (x) => x.prod(),
  prod_dim: (x) => x.prod(1),
  prod_one_zero: (x) => x.prod(1),
  prod_all_one_zero: (x) => x.prod(),
  prod_two_zeros: (x) => x.prod(1),
  amax: (x) => x.amax(1),
  amax_notie: (x) => x.amax([0, 1]),
  amin: (x) => x.amin(0, true),
  max_all: (x) => x.max(),
  max_dim: (x) => x.max(1)[0],
  min_dim_keepdim: (x) => x.min(0, true)[0],
  var: (x) => x.var(),
  var_dim: (x) => x.var(1),
  var_biased: (x) => x.var(0, false, true),
  std: (x) => x.std(),
  std_dim: (x) => x.std(1),
  norm: (x) => x.norm(),
  norm_p1: (x) => x.norm(1),
  norm_p3_dim: (x) => x.norm(3, 1),
  norm_inf: (x) => x.norm(Infinity),
  logsumexp: (x) => x.logsumexp(1),
  median: (x) => x.median(),
  median_dim: (x) => x.median(1)[0],
  kthvalue: (x) => x.kthvalue(2, 1)[0],
  sort: (x) => x.sort(1)[0],
  sort_desc: (x) => x.sort(0, true)[0],
  topk: (x) => x.topk(2, 1)[0],

  mm: (a, b) => a.matmul(b!),
  bmm: (a, b) => torch.bmm(a, b!),
  dot: (a, b) => torch.dot(a, b!),
  mv: (a, b) => torch.mv(a, b!),
  matmul_folded: (a, b) => torch.matmul(a, b!),
  matmul_broadcast: (a, b) => torch.matmul(a, b!),
  matmul_vec_batch: (a, b) => torch.matmul(a, b!),
  addmm: (c, a, b) => torch.addmm(c, a!, b!, { beta: 0.5, alpha: 2 }),
  baddbmm: (c, a, b) => torch.baddbmm(c, a!, b!, { beta: -1, alpha: 0.5 }),
  outer: (a, b) => torch.outer(a, b!),

  softmax: (x) => x.softmax(1),
  softmax_dim0: (x) => x.softmax(0),
  log_softmax: (x) => x.logSoftmax(1),
  cumsum: (x) => x.cumsum(1),
  cumsum_dim0: (x) => x.cumsum(0),
  cumprod: (x) => x.cumprod(1),
  cumprod_zeros: (x) => x.cumprod(1),

  gather: (x, i) => x.gather(1, i!),
  scatter: (x, i, s) => x.scatter(1, i!, s!),
  scatter_value: (x, i) => x.scatter(1, i!, 1.5),
  scatter_add: (x, i, s) => x.scatterAdd(1, i!, s!),
  index_select: (x, i) => x.indexSelect(0, i!),
  index_select_dim1: (x, i) => x.indexSelect(1, i!),

  where: (c, a, b) => torch.where(c, a!, b!),
  where_scalar: (c, a) => torch.where(c, a!, 0.5),
  masked_fill: (x, m) => x.maskedFill(m!, 0.5),
  masked_fill_tensor: (x, m, v) => x.maskedFill(m!, v!),
  masked_fill_broadcast_mask: (x, m) => x.maskedFill(m!, -1),
  masked_select: (x, m) => x.maskedSelect(m!),
  masked_select_broadcast: (x, m) => x.maskedSelect(m!),

  clamp: (x) => x.clamp(-0.5, 0.5),
  clamp_min: (x) => x.clamp({ min: -0.2 }),
  clamp_max: (x) => x.clamp({ max: 0.3 }),
  clamp_tensors: (x, lo, hi) => x.clamp(lo!, hi!),
  clamp_min_tensor: (x, lo) => torch.clampMin(x, lo!),
  clamp_inplace: (x) => x.clone().clamp_(-0.5, 0.5),

  index_list: (x) => x.index([0, 2, 0]),
  index_mask: (x, m) => x.index(m!),
  index_cols: (x) => x.index(':', [1, 3]),
  index_int_slice: (x) => x.index(1, '1:3'),
  index_none: (x) => x.index(null, ':', 1),
  index_put: (x, v) => {
    const y = x.clone();
    y.indexPut_([[0, 2]], v!);
    return y;
  },
  index_put_accumulate: (x, v) => {
    const y = x.mul(1);
    y.indexPut_([torch.tensor([0, 2, 0])], v!, true);
    return y;
  },
  index_put_scalar: (x) => {
    const y = x.clone();
    y.indexPut_([':', 1], 0);
    return y;
  },

  cat: (a, b) => torch.cat([a, b!], 1),
  cat_dim0: (a, b) => torch.cat([a, b!]),
  stack: (a, b) => torch.stack([a, b!], 1),
  split: (x) => x.split(3, 1)[1]!,
  chunk: (x) => x.chunk(2)[0]!.mul(x.chunk(2)[1]!.index(':1')),
  hstack: (a, b) => torch.hstack([a, b!]),
};

/**
 * Cases whose node name differs from PyTorch 1.13's because core records another op for
 * them (same gradients): TypeScript name by case.
 */
export const knownNameDifferences: Record<string, string> = {
  unbind: 'SelectBackward0', // core's unbind returns select views (PyTorch: one UnbindBackward0)
  split: 'SliceBackward0', // split returns narrow views (PyTorch: SplitBackward0)
  clamp_min_tensor: 'ClampBackward0', // clampMin records clamp (PyTorch: ClampMinBackward1)
  matmul_folded: 'ViewBackward0', // core's folded matmul ends in view (PyTorch: _unsafe_view)
  matmul_vec_batch: 'ViewBackward0',
  index_put_scalar: 'IndexPutBackward0', // x[:, 1] = 0 records indexPut (PyTorch: fill_ on a view, CopySlices)
};
