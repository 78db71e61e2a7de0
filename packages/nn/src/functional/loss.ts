/**
 * Losses: `mseLoss`, `l1Loss`, `smoothL1Loss`, `huberLoss`, `nllLoss`, `crossEntropy`,
 * `binaryCrossEntropy`, `binaryCrossEntropyWithLogits`, `klDiv`, with PyTorch's formulas,
 * checks and `reduction`.
 *
 * Ops recorded as one node (others are compositions of differentiable core ops):
 * - `'mseLoss'` (`MseLossBackward0`): inputs `[input, target]`, args `{ reduction, numel }`.
 * - `'nllLoss'` (`NllLossBackward0`): inputs `[input]`, args `{ target, weights, reduction,
 *   totalWeight, classDim }` where `target` has ignored entries replaced by 0, `weights` is the
 *   per-element weight (0 where ignored; null when every weight is 1) and `totalWeight` the
 *   mean's divisor (their sum).
 * @module
 */
import {
  RuntimeError, IndexError, ValueError, int64, where, zeros, zerosLike, type Tensor,
} from '@torchts/core';
import { defineDerivative, type RecordContext } from '@torchts/autograd';
import { logSoftmax } from './activation.js';
import { asOneOp } from './record.js';
import { checkReduction, type Reduction } from './utils.js';

type Saved = ReturnType<RecordContext['save']>;

/** The `reduction` option of every loss. */
export interface ReductionOptions {
  /** `'mean'` (default), `'sum'` or `'none'`. */
  reduction?: Reduction;
}

function reductionOf(o: Reduction | ReductionOptions | undefined): Reduction {
  return checkReduction(typeof o === 'string' ? o : (o?.reduction ?? 'mean'));
}

function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'none' ? loss : reduction === 'sum' ? loss.sum() : loss.mean();
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function warnSize(input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    console.warn(
      `Using a target size (${target.shape}) that is different to the input size (${input.shape}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
    );
  }
}

defineDerivative<{ x: Saved; y: Saved }>('mseLoss', {
  name: 'MseLossBackward0',
  save: (r) => ({ x: r.save(r.inputs[0]!), y: r.save(r.inputs[1]!) }),
  backward: ({ saved, args, needs }, [g]) => {
    let d = saved.x.unpack().sub(saved.y.unpack()).mul(2);
    if (args.reduction === 'mean') d = d.div(args.numel as number);
    const gx = d.mul(g!);
    return [needs[0] ? gx : null, needs[1] ? gx.neg() : null];
  },
});

/**
 * Mean squared error `(input - target)^2`, reduced.
 *
 * @example
 * ```ts
 * const loss = F.mseLoss(output, target);          // mean
 * F.mseLoss(output, target, { reduction: 'sum' });
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, reduction: Reduction | ReductionOptions = 'mean'): Tensor {
  const r = reductionOf(reduction);
  warnSize(input, target);
  const args: Record<string, unknown> = { reduction: r };
  return asOneOp('mseLoss', [input, target], args, () => {
    const d = input.sub(target);
    args.numel = d.numel();
    return reduce(d.mul(d), r);
  });
}

/** Mean absolute error `|input - target|`, reduced. */
export function l1Loss(input: Tensor, target: Tensor, reduction: Reduction | ReductionOptions = 'mean'): Tensor {
  const r = reductionOf(reduction);
  warnSize(input, target);
  return reduce(input.sub(target).abs(), r);
}

/** Options of {@link smoothL1Loss}. */
export interface SmoothL1Options extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  beta?: number;
}

/** `0.5 d^2 / beta` where `|d| < beta`, `|d| - 0.5 beta` elsewhere (d = input - target). */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1Options = {}): Tensor {
  const r = reductionOf(options.reduction);
  const beta = options.beta ?? 1.0;
  if (beta < 0) throw new RuntimeError('smooth_l1_loss does not support negative values for beta.');
  warnSize(input, target);
  const z = input.sub(target).abs();
  if (beta === 0) return reduce(z, r);
  return reduce(where(z.lt(beta), z.mul(z).mul(0.5).div(beta), z.sub(0.5 * beta)), r);
}

/** Options of {@link huberLoss}. */
export interface HuberOptions extends ReductionOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** `0.5 d^2` where `|d| < delta`, `delta (|d| - 0.5 delta)` elsewhere. */
export function huberLoss(input: Tensor, target: Tensor, options: HuberOptions = {}): Tensor {
  const r = reductionOf(options.reduction);
  const delta = options.delta ?? 1.0;
  if (delta <= 0) throw new RuntimeError('huber_loss does not support non-positive values for delta.');
  warnSize(input, target);
  const z = input.sub(target).abs();
  return reduce(where(z.lt(delta), z.mul(z).mul(0.5), z.sub(0.5 * delta).mul(delta)), r);
}

/** Options of {@link nllLoss} and {@link crossEntropy}. */
export interface NllLossOptions extends ReductionOptions {
  /** A manual rescaling weight per class (a 1-d tensor of C elements). */
  weight?: Tensor | null;
  /** A target value that is ignored and does not contribute to the gradient (default -100). */
  ignoreIndex?: number;
}

interface NllArgs {
  target: Tensor;
  /** Per-element weights (0 where ignored), or null when all are 1. */
  weights: Tensor | null;
  reduction: Reduction;
  /** The mean's divisor: the sum of the weights (a 0-d tensor, or the element count). */
  totalWeight: Tensor | number | null;
  classDim: number;
}

defineDerivative<null>('nllLoss', {
  name: 'NllLossBackward0',
  backward: ({ args, inputMeta }, [g]) => {
    const a = args as unknown as NllArgs;
    // Unweighted with nothing ignored: every element has weight 1 (and the mean divides by their count).
    let w = a.weights ? a.weights.neg() : g!.neg().expand(...a.target.shape);
    if (a.weights) w = w.mul(g!);
    if (a.reduction === 'mean') w = w.div(a.totalWeight!);
    const meta = inputMeta[0]!;
    const grad = zeros([...meta.shape], { dtype: meta.dtype, device: meta.device });
    return [grad.scatter(a.classDim, a.target.unsqueeze(a.classDim), w.contiguous().unsqueeze(a.classDim))];
  },
});

const typeNames: Record<string, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', bfloat16: 'BFloat16', int64: 'Long', int32: 'Int', int16: 'Short',
  int8: 'Char', uint8: 'Byte', bool: 'Bool',
};

/**
 * Validates nll_loss's input/target/weight with PyTorch's messages; returns whether some target
 * may equal `ignoreIndex` (true when the values cannot be read synchronously).
 */
function checkNll(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): boolean {
  if (input.dim() < 1) throw new ValueError(`Expected 1 or more dimensions (got ${input.dim()})`);
  if (target.dtype !== int64) {
    throw new RuntimeError(`expected scalar type Long but found ${typeNames[target.dtype.name]}`);
  }
  const C = input.dim() === 1 ? input.size(0) : input.size(1);
  if (input.dim() === 1) {
    if (target.dim() !== 0) throw new RuntimeError(`size mismatch (got input: [${input.shape.join(', ')}], target: [${target.shape.join(', ')}])`);
  } else {
    if (target.dim() === 0 || input.size(0) !== target.size(0)) {
      throw new ValueError(`Expected input batch_size (${input.size(0)}) to match target batch_size (${target.dim() === 0 ? 0 : target.size(0)}).`);
    }
    const expected = [input.size(0), ...input.shape.slice(2)];
    if (!sameShape(expected, target.shape)) {
      throw new RuntimeError(`Expected target size [${expected.join(', ')}], got [${target.shape.join(', ')}]`);
    }
  }
  if (weight && (weight.dim() !== 1 || weight.numel() !== C)) {
    throw new RuntimeError(
      `weight tensor should be defined either for all ${C} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`,
    );
  }
  // PyTorch's CPU kernel checks every target; so do we where the values can be read.
  if (target._storage.backend.canReadSync && target.numel() > 0) {
    let ignored = false;
    for (const v of target.toTypedArray()) {
      if (v === ignoreIndex) ignored = true;
      else if (v < 0 || v >= C) throw new IndexError(`Target ${v} is out of bounds.`);
    }
    return ignored;
  }
  return true;
}

/**
 * The negative log likelihood loss: `-input[n, target[n]]` (weighted, ignoring
 * `ignoreIndex`), for log-probabilities `input` of shape `[N, C]`, `[N, C, d1, ...]` or `[C]`.
 *
 * @example
 * ```ts
 * F.nllLoss(F.logSoftmax(logits, 1), target);
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  const weight = options.weight ?? null;
  const ignoreIndex = options.ignoreIndex ?? -100;
  const mayIgnore = checkNll(input, target, weight, ignoreIndex);
  const classDim = input.dim() === 1 ? 0 : 1;
  const args: Record<string, unknown> = { reduction, classDim, weights: null, totalWeight: null };
  return asOneOp('nllLoss', [input], args, () => {
    if (!weight && !mayIgnore) {
      // The common case, in fewer ops: every target counts with weight 1.
      const loss = input.gather(classDim, target.unsqueeze(classDim)).squeeze(classDim).neg();
      args.target = target;
      args.totalWeight = target.numel();
      return reduction === 'none' ? loss : reduction === 'sum' ? loss.sum() : loss.mean();
    }
    const mask = target.ne(ignoreIndex);
    const safe = where(mask, target, 0);
    const picked = input.gather(classDim, safe.unsqueeze(classDim)).squeeze(classDim);
    let weights = mask.to(input.dtype);
    if (weight) weights = weight.to(input.dtype).indexSelect(0, safe.reshape(-1)).view(...safe.shape).mul(weights);
    const loss = picked.mul(weights).neg();
    args.target = safe;
    args.weights = weights;
    if (reduction === 'none') return loss;
    if (reduction === 'sum') return loss.sum();
    const total = weights.sum();
    args.totalWeight = total;
    return loss.sum().div(total);
  });
}

/** Options of {@link crossEntropy}. */
export interface CrossEntropyOptions extends NllLossOptions {
  /** Mixes the target with the uniform distribution: `(1 - s) * target + s / C` (default 0). */
  labelSmoothing?: number;
}

/**
 * Cross entropy between logits `input` (`[N, C]`, `[N, C, d1, ...]` or `[C]`) and a target of
 * class indices (int64) or class probabilities (same shape as input): `logSoftmax` then
 * `nllLoss` for indices, as PyTorch's.
 *
 * @example
 * ```ts
 * const loss = F.crossEntropy(logits, labels);
 * F.crossEntropy(logits, labels, { labelSmoothing: 0.1, ignoreIndex: 0 });
 * ```
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyOptions = {}): Tensor {
  const reduction = reductionOf(options.reduction);
  const smoothing = options.labelSmoothing ?? 0;
  const weight = options.weight ?? null;
  const ignoreIndex = options.ignoreIndex ?? -100;
  const classDim = input.dim() === 1 ? 0 : 1;
  if (smoothing < 0 || smoothing > 1) throw new RuntimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${smoothing}`);
  const nClasses = input.size(classDim);
  const weightShape = (): number[] => {
    const s = Array<number>(input.dim()).fill(1);
    s[classDim] = nClasses;
    return s;
  };
  if (sameShape(input.shape, target.shape)) {
    // Class probabilities.
    if (!target.dtype.isFloatingPoint) {
      throw new RuntimeError(`Expected floating point type for target with class probabilities, got ${typeNames[target.dtype.name]}`);
    }
    if (weight && (weight.dim() !== 1 || weight.numel() !== nClasses)) {
      throw new RuntimeError(
        `cross_entropy: weight tensor should be defined either for all ${nClasses} classes or no classes but got weight tensor of shape: [${weight.shape.join(', ')}]`,
      );
    }
    const logp = logSoftmax(input, classDim);
    const t = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / nClasses) : target;
    let prod = logp.mul(t);
    if (weight) prod = prod.mul(weight.view(...weightShape()));
    if (reduction === 'none') return prod.sum(classDim).neg();
    if (reduction === 'sum') return prod.sum().neg();
    return prod.sum().neg().div(input.numel() / nClasses);
  }
  const logp = logSoftmax(input, classDim);
  const nll = nllLoss(logp, target, { weight, ignoreIndex, reduction });
  if (smoothing <= 0) return nll;
  const ignoreMask = target.eq(ignoreIndex);
  let smooth = weight ? logp.mul(weight.view(...weightShape())).sum(classDim).neg() : logp.sum(classDim).neg();
  smooth = smooth.maskedFill(ignoreMask, 0);
  let ret: Tensor;
  if (reduction === 'mean') {
    ret = weight
      ? smooth.sum().div(weight.gather(0, target.maskedSelect(ignoreMask.logicalNot()).flatten()).sum())
      : smooth.mean();
  } else ret = reduction === 'sum' ? smooth.sum() : smooth;
  return nll.mul(1 - smoothing).add(ret.mul(smoothing / nClasses));
}

/** Options of {@link binaryCrossEntropy}. */
export interface BceOptions extends ReductionOptions {
  /** A manual rescaling weight, broadcast to the input. */
  weight?: Tensor | null;
}

/**
 * Binary cross entropy between probabilities `input` (in [0, 1]) and `target`:
 * `-w (t log x + (1 - t) log(1 - x))`, logs clamped to -100 as PyTorch's.
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BceOptions = {}): Tensor {
  const r = reductionOf(options.reduction);
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(
      `Using a target size (${target.shape}) that is different to the input size (${input.shape}) is deprecated. Please ensure they have the same size.`,
    );
  }
  if (input._storage.backend.canReadSync && input.numel() > 0) {
    const bad = input.lt(0).logicalOr(input.gt(1)).any().item();
    if (bad) throw new RuntimeError('all elements of input should be between 0 and 1');
  }
  const logX = input.log().clamp({ min: -100 });
  const log1mX = input.neg().add(1).log().clamp({ min: -100 });
  let loss = target.mul(logX).add(target.neg().add(1).mul(log1mX)).neg();
  if (options.weight) loss = loss.mul(options.weight);
  return reduce(loss, r);
}

/** Options of {@link binaryCrossEntropyWithLogits}. */
export interface BceWithLogitsOptions extends BceOptions {
  /** A weight of positive examples, broadcast along the class dim. */
  posWeight?: Tensor | null;
}

/**
 * Binary cross entropy on logits (sigmoid + BCE in one numerically stable formula, PyTorch's).
 *
 * @example
 * ```ts
 * F.binaryCrossEntropyWithLogits(logits, targets, { posWeight: torch.tensor([3]) });
 * ```
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  const r = reductionOf(options.reduction);
  if (!sameShape(input.shape, target.shape)) {
    throw new ValueError(`Target size (${target.shape}) must be the same as input size (${input.shape})`);
  }
  const maxVal = input.neg().clamp({ min: 0 });
  const logTerm = maxVal.neg().exp().add(input.neg().sub(maxVal).exp()).log();
  const oneMinusT = target.neg().add(1);
  let loss: Tensor;
  if (options.posWeight) {
    const logWeight = options.posWeight.sub(1).mul(target).add(1);
    loss = oneMinusT.mul(input).add(logWeight.mul(logTerm.add(maxVal)));
  } else {
    loss = oneMinusT.mul(input).add(maxVal).add(logTerm);
  }
  if (options.weight) loss = loss.mul(options.weight);
  return reduce(loss, r);
}

/** Options of {@link klDiv}. */
export interface KlDivOptions {
  /** `'mean'` (default, as PyTorch: over all elements), `'batchmean'`, `'sum'` or `'none'`. */
  reduction?: Reduction | 'batchmean';
  /** Whether `target` holds log-probabilities (default false). */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence between log-probabilities `input` and `target`:
 * `target * (log(target) - input)` (or `exp(t) * (t - input)` with `logTarget`).
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const reduction = options.reduction ?? 'mean';
  if (reduction === 'mean') {
    console.warn(
      "reduction: 'mean' divides the total loss by both the batch size and the support size.'batchmean' divides only by the batch size, and aligns with the KL div math definition.'mean' will be changed to behave the same as 'batchmean' in the next major release.",
    );
  }
  const loss = options.logTarget
    ? target.exp().mul(target.sub(input))
    : where(target.gt(0), target.mul(target.log()), zerosLike(target)).sub(target.mul(input));
  if (reduction === 'batchmean') return input.dim() !== 0 ? loss.sum().div(input.size(0)) : loss.sum();
  return reduce(loss, checkReduction(reduction));
}
