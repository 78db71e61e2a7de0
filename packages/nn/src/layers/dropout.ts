/**
 * Dropout layers: `nn.Dropout`, `nn.Dropout1d`, `nn.Dropout2d` (active in training mode only).
 * @module
 */
import { ValueError, type Tensor } from '@torchts/core';
import * as F from '../functional/index.js';
import { Module } from '../module.js';
import { pyBool, pyFloat } from './repr.js';

/** The common part of the dropout layers. */
abstract class DropoutNd extends Module<[Tensor], Tensor> {
  /** Probability of zeroing an element (or a channel), default 0.5. */
  p: number;
  /** Whether the input is modified in place. */
  inplace: boolean;
  constructor(p: number | { p?: number; inplace?: boolean } = 0.5, inplace = false) {
    super();
    const o = typeof p === 'object' ? p : { p, inplace };
    const prob = o.p ?? 0.5;
    if (prob < 0 || prob > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${prob}`);
    this.p = prob;
    this.inplace = o.inplace ?? false;
  }
  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

/**
 * Zeroes elements with probability `p` in training (scaling the others by `1 / (1 - p)`).
 *
 * @example
 * ```ts
 * const drop = new nn.Dropout(0.2);
 * drop.eval(); // now the identity
 * ```
 */
export class Dropout extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of `[N, C, H, W]` in training. */
export class Dropout2d extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of `[N, C, L]` in training. */
export class Dropout1d extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}
