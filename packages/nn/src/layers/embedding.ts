/**
 * `nn.Embedding`: a lookup table of learned vectors.
 * @module
 */
import { empty, noGrad, type Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import { normal_ } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { FactoryKwargs } from './linear.js';
import { pyFloat } from './repr.js';

/** Options of {@link Embedding}. */
export interface EmbeddingLayerOptions extends FactoryKwargs {
  /** This row is initialised to zeros and gets no gradient. */
  paddingIdx?: number | null;
  /** Rows looked up are renormalised to this norm when larger. */
  maxNorm?: number | null;
  /** The p of the norm for `maxNorm` (default 2). */
  normType?: number;
  /** Scale gradients by the inverse frequency of the indices in the batch. */
  scaleGradByFreq?: boolean;
  /** Accepted for compatibility; gradients are dense. */
  sparse?: boolean;
  /** Use this `[numEmbeddings, embeddingDim]` tensor as the weight. */
  weight?: Tensor | null;
}

/**
 * A table of `numEmbeddings` vectors of size `embeddingDim`, initialised from N(0, 1)
 * (the padding row zeroed); `forward(indices)` looks them up.
 *
 * @example
 * ```ts
 * const emb = new nn.Embedding(10, 3, { paddingIdx: 0 });
 * emb(torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])).shape; // [2, 4, 3]
 * ```
 */
export class Embedding extends Module<[Tensor], Tensor> {
  /** Size of the dictionary. */
  numEmbeddings: number;
  /** Size of each embedding vector. */
  embeddingDim: number;
  /** Index whose embedding gets no gradient, or null. */
  paddingIdx: number | null;
  /** Embeddings with a larger norm are renormalized in place when looked up, or null. */
  maxNorm: number | null;
  /** The p of the p-norm for `maxNorm` (default 2). */
  normType: number;
  /** Whether gradients are divided by the frequency of each index in the batch. */
  scaleGradByFreq: boolean;
  /** Accepted for compatibility (and printed); gradients are always dense. */
  sparse: boolean;
  /** `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingLayerOptions = {}) {
    super();
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    let pi = options.paddingIdx ?? null;
    if (pi !== null) {
      if (pi > 0 && pi >= numEmbeddings) throw new Error('Padding_idx must be within num_embeddings');
      if (pi < 0 && pi < -numEmbeddings) throw new Error('Padding_idx must be within num_embeddings');
      if (pi < 0) pi += numEmbeddings;
    }
    this.paddingIdx = pi;
    this.maxNorm = options.maxNorm ?? null;
    this.normType = options.normType ?? 2;
    this.scaleGradByFreq = options.scaleGradByFreq ?? false;
    this.sparse = options.sparse ?? false;
    if (options.weight) {
      const [n, d] = options.weight.shape;
      if (n !== numEmbeddings || d !== embeddingDim) throw new Error('Shape of weight does not match num_embeddings and embedding_dim');
      this.weight = new Parameter(options.weight);
    } else {
      this.weight = new Parameter(empty([numEmbeddings, embeddingDim], { device: options.device, dtype: options.dtype }));
      this.resetParameters();
    }
  }

  /** A layer whose weight is `embeddings` (frozen by default), PyTorch's `from_pretrained`. */
  static fromPretrained(embeddings: Tensor, options: EmbeddingLayerOptions & { freeze?: boolean } = {}): Embedding {
    if (embeddings.dim() !== 2) throw new Error('Embeddings parameter is expected to be 2-dimensional');
    const [rows, cols] = embeddings.shape as unknown as [number, number];
    const e = new Embedding(rows, cols, { ...options, weight: embeddings });
    e.weight.requiresGrad = !(options.freeze ?? true);
    return e;
  }

  /** N(0, 1), with the padding row zeroed. */
  resetParameters(): void {
    normal_(this.weight);
    this._fillPaddingIdxWithZero();
  }

  /** @internal */
  _fillPaddingIdxWithZero(): void {
    if (this.paddingIdx !== null) noGrad(() => this.weight.select(0, this.paddingIdx!).fill_(0));
  }

  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, {
      paddingIdx: this.paddingIdx, maxNorm: this.maxNorm, normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq, sparse: this.sparse,
    });
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ', scale_grad_by_freq=True';
    if (this.sparse) s += ', sparse=True';
    return s;
  }
}
