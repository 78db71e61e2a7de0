/**
 * `F.embedding` (a lookup table) and `F.oneHot`.
 *
 * `embedding` is one op recorded as `'embedding'` (PyTorch's `EmbeddingBackward0`): inputs
 * `[weight]`, args `{ indices, numWeights, paddingIdx, scaleGradByFreq }`; its derivative
 * scatter-adds the gradient rows into the weight rows they came from, skipping `paddingIdx`.
 * @module
 */
import { IndexError, int32, int64, noGrad, onesLike, RuntimeError, zeros, type Tensor } from '@torchts/core';
import { defineDerivative } from '@torchts/autograd';
import { asOneOp } from './record.js';

/** Options of {@link embedding}. */
export interface EmbeddingOptions {
  /** This row gets no gradient (and is not updated by training). */
  paddingIdx?: number | null;
  /** Rows looked up are renormalised in place to this norm when larger. */
  maxNorm?: number | null;
  /** The p of the norm for `maxNorm` (default 2). */
  normType?: number;
  /** Scale gradients by the inverse frequency of the indices in the batch. */
  scaleGradByFreq?: boolean;
  /** Accepted for compatibility; gradients are dense. */
  sparse?: boolean;
}

defineDerivative<null>('embedding', {
  name: 'EmbeddingBackward0',
  backward: ({ args }, [g]) => {
    const indices = (args.indices as Tensor).reshape(-1);
    const numWeights = args.numWeights as number;
    const paddingIdx = args.paddingIdx as number | null;
    const D = g!.size(-1);
    let rows = g!.reshape(-1, D);
    if (paddingIdx !== null) rows = rows.mul(indices.ne(paddingIdx).unsqueeze(1).to(rows.dtype));
    if (args.scaleGradByFreq) {
      const counts = zeros([numWeights], { dtype: rows.dtype, device: rows.device })
        .scatterAdd(0, indices, onesLike(indices, { dtype: rows.dtype }));
      rows = rows.div(counts.indexSelect(0, indices).unsqueeze(1));
    }
    const grad = zeros([numWeights, D], { dtype: g!.dtype, device: g!.device });
    return [grad.scatterAdd(0, indices.unsqueeze(1).expand(-1, D), rows)];
  },
});

/**
 * Looks up rows of `weight` (`[numEmbeddings, dim]`) by the integer `input` (any shape):
 * the result is `[...input.shape, dim]`.
 *
 * @example
 * ```ts
 * F.embedding(torch.tensor([[1, 2], [4, 3]]), torch.randn(10, 3)).shape; // [2, 2, 3]
 * ```
 */
export function embedding(input: Tensor, weight: Tensor, options: EmbeddingOptions | number | null = {}): Tensor {
  const o: EmbeddingOptions = typeof options === 'number' || options === null ? { paddingIdx: options } : options;
  if (input.dtype !== int64 && input.dtype !== int32) {
    throw new RuntimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${String(input.type())} instead (while checking arguments for embedding)`,
    );
  }
  const n = weight.size(0);
  let paddingIdx = o.paddingIdx ?? null;
  if (paddingIdx !== null) {
    if (paddingIdx >= n || paddingIdx < -n) throw new Error('Padding_idx must be within num_embeddings');
    if (paddingIdx < 0) paddingIdx += n;
  }
  const idx = input.dtype === int64 ? input : input.long();
  if (idx._storage.backend.canReadSync && idx.numel() > 0) {
    for (const v of idx.toTypedArray()) if (v < 0 || v >= n) throw new IndexError('index out of range in self');
  }
  if (o.maxNorm !== undefined && o.maxNorm !== null) renorm(weight, idx, o.maxNorm, o.normType ?? 2);
  const args = { indices: idx, numWeights: n, paddingIdx, scaleGradByFreq: o.scaleGradByFreq ?? false };
  return asOneOp('embedding', [weight], args, () =>
    weight.indexSelect(0, idx.reshape(-1)).view(...idx.shape, weight.size(1)));
}

/** PyTorch's `embedding_renorm_`: rows used by `idx` with norm above `maxNorm` scaled down, in place. */
function renorm(weight: Tensor, idx: Tensor, maxNorm: number, normType: number): void {
  noGrad(() => {
    const unique = [...new Set(Array.from(idx.toTypedArray()))].sort((a, b) => a - b);
    const u = idx.newTensor(unique);
    const rows = weight.indexSelect(0, u);
    const norms = rows.norm(normType, 1, true);
    const scale = norms.gt(maxNorm).to(rows.dtype);
    const factor = scale.mul(norms.add(1e-7).reciprocal().mul(maxNorm)).add(scale.neg().add(1));
    weight.data.indexPut_([u], rows.mul(factor));
  });
}

/**
 * One-hot encoding of an int64 tensor: `[...shape, numClasses]` of int64 0/1;
 * `numClasses = -1` takes the largest value plus one.
 *
 * @example
 * ```ts
 * F.oneHot(torch.tensor([0, 2]), 3); // tensor([[1, 0, 0], [0, 0, 1]])
 * ```
 */
export function oneHot(tensor: Tensor, numClasses = -1): Tensor {
  if (tensor.dtype !== int64) throw new RuntimeError('one_hot is only applicable to index tensor.');
  const values = tensor.toTypedArray();
  if (numClasses === -1) {
    if (values.length === 0) throw new RuntimeError('Can not infer total number of classes from empty tensor.');
    let max = -Infinity;
    for (const v of values) if (v > max) max = v;
    numClasses = max + 1;
  }
  for (const v of values) {
    if (v < 0) throw new RuntimeError('Class values must be non-negative.');
    if (v >= numClasses) throw new RuntimeError('Class values must be smaller than num_classes.');
  }
  const out = zeros([...tensor.shape, numClasses], { dtype: int64, device: tensor.device });
  if (tensor.numel() === 0) return out;
  return out.scatter_(-1, tensor.unsqueeze(-1), 1);
}
