/**
 * `nn.Flatten` and `nn.Unflatten`.
 * @module
 */
import type { Tensor } from '@torchts/core';
import { Module } from '../module.js';
import { pyTuple } from './repr.js';

/**
 * Flattens dims `startDim..endDim` (default 1..-1: everything but the batch dim).
 *
 * @example
 * ```ts
 * new nn.Flatten()(torch.zeros(32, 1, 5, 5)).shape; // [32, 25]
 * ```
 */
export class Flatten extends Module<[Tensor], Tensor> {
  /** First dim to flatten (default 1). */
  startDim: number;
  /** Last dim to flatten (default -1). */
  endDim: number;
  constructor(startDim = 1, endDim = -1) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }
  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** Expands dim `dim` into `unflattenedSize`. */
export class Unflatten extends Module<[Tensor], Tensor> {
  /** The dim to unflatten. */
  dim: number;
  /** The shape it becomes. */
  unflattenedSize: number[];
  constructor(dim: number, unflattenedSize: number[]) {
    super();
    this.dim = dim;
    this.unflattenedSize = [...unflattenedSize];
  }
  override forward(input: Tensor): Tensor {
    return input.unflatten(this.dim, this.unflattenedSize);
  }
  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyTuple(this.unflattenedSize)}`;
  }
}
