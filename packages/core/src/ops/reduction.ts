/**
 * Reductions: `sum`, `mean`, `prod`, `max`/`min` (with or without a dim), `amax`/`amin`,
 * `argmax`/`argmin`, `var`/`std` (and `varMean`/`stdMean`), `norm`, `logsumexp`, `all`/`any`.
 *
 * `sum`, `prod`, `max`, `min`, `argmax`, `argmin`, `all` and `any` run the backend's `reduce`
 * kernel; the others are composed from it and elementwise kernels (without recording the
 * pieces), then recorded as one op.
 *
 * Ops recorded for autograd (inputs: `[x]`, outputs: `[result]` unless said otherwise);
 * `dims` are normalised (non-negative, sorted; `[]` for a 0-d input), `inputShape` is x's shape:
 * - `sum`: `{ dims, keepdim, inputShape, inputDtype, dimGiven }` (result may have another dtype: `dtype` option;
 *   `dimGiven` tells autograd's node name, SumBackward1 or SumBackward0; also in `mean` and `prod`).
 * - `mean`: `{ dims, keepdim, inputShape, inputDtype, count }` (count = elements averaged per output).
 * - `prod`: `{ dims, keepdim, inputShape }` (the derivative needs x and the result).
 * - `amax` / `amin`: `{ dims, keepdim, inputShape }`; gradient split evenly between tied maxima.
 *   Also recorded for `max()` / `min()` without a dim (dims = all, keepdim = false, `fromMaxMin: true`), as
 *   PyTorch's derivative of those is the same.
 * - `max` / `min` with a dim: outputs `[values, indices]` (indices int64, not differentiable),
 *   args `{ dim, keepdim, inputShape }`: the gradient goes to `indices` along `dim`.
 * - `var` / `std`: `{ dims, correction, keepdim, inputShape, count }` (std's derivative needs its output).
 *   `varMean` / `stdMean` record `var`/`std` for their first output and `mean` for the second.
 * - `norm`: `{ p, dims, keepdim, inputShape }` with `p` a number (`'fro'` is recorded as 2;
 *   `Infinity`/`-Infinity` split the gradient evenly between ties, like amax).
 * - `logsumexp`: `{ dims, keepdim, inputShape }` (derivative: grad * exp(x - result)).
 * `argmax`, `argmin`, `all` and `any` are not differentiable and not recorded.
 * @module
 */
import type { ReduceOp, UnaryOp, View } from '../backend.js';
import { bool, type DType, type DTypeLike, float32, int64, toDType, uint8 } from '../dtype.js';
import { IndexError, RuntimeError } from '../errors.js';
import { contiguousStrides, normalizeDim, normalizeDims } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  broadcastView, castTo, commonDevice, emptyTensor, installMethods, type OutOption, record, scalarTensor, scalarTypeName,
  writeOut,
} from './helpers.js';
import { binaryNoRecord, binaryFunctions } from './binary.js';

// ---------------------------------------------------------------------------------------------
// Shared plumbing (also used by softmax.ts, sort.ts and friends)
// ---------------------------------------------------------------------------------------------

/** A dim or several dims, as PyTorch's `int or tuple of ints` (null or omitted: all dims). */
export type DimArg = number | readonly number[] | null;

/**
 * `[values, indices]` as PyTorch's `torch.return_types.max` and friends: an array
 * (`const [v, i] = x.max(1)`) that also has `.values` and `.indices` (`x.max(1).indices`).
 */
export type ValuesIndices = [Tensor, Tensor] & {
  /** The values, as element 0. */
  readonly values: Tensor;
  /** Their int64 indices along the dim, as element 1. */
  readonly indices: Tensor;
};

/**
 * @internal Builds a {@link ValuesIndices} pair; it prints as PyTorch's
 * `torch.return_types.<op>(values=..., indices=...)`.
 */
export function valuesIndices(values: Tensor, indices: Tensor, op = 'max'): ValuesIndices {
  const pair = [values, indices] as [Tensor, Tensor];
  const text = (): string => `torch.return_types.${op}(\nvalues=${String(values)},\nindices=${String(indices)})`;
  Object.defineProperties(pair, {
    values: { value: values, enumerable: false },
    indices: { value: indices, enumerable: false },
    toString: { value: text, enumerable: false },
    [Symbol.for('nodejs.util.inspect.custom')]: { value: text, enumerable: false },
  });
  return pair as ValuesIndices;
}

/** `{ out: [values, indices] }` of the ops returning {@link ValuesIndices}. */
export interface PairOutOption {
  /** Write values and indices into these tensors. */
  out?: readonly [Tensor, Tensor];
}

/** @internal Writes a values/indices pair into `out` when given. */
export function writePairOut(pair: ValuesIndices, out: readonly [Tensor, Tensor] | undefined, op = 'max'): ValuesIndices {
  if (!out) return pair;
  return valuesIndices(writeOut(pair[0], out[0]), writeOut(pair[1], out[1]), op);
}

/** @internal Whether `v` is an options object (a plain object, not an array or a tensor). */
export function isOptions(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Tensor);
}

/** @internal Splits trailing options off `(positional..., options?)`. */
export function splitOptions<O extends object>(args: readonly unknown[]): { pos: unknown[]; opts: O } {
  const pos = [...args];
  while (pos.length > 0 && pos[pos.length - 1] === undefined) pos.pop();
  let opts = {} as O;
  if (pos.length > 0 && isOptions(pos[pos.length - 1])) opts = pos.pop() as O;
  return { pos, opts };
}

/**
 * @internal Normalises a reduction's dims: all dims when `dim` is null/undefined or an empty
 * list (PyTorch 1.13 reduces everything for `dim=[]`); sorted; `[]` for a 0-d input.
 */
export function reductionDims(dim: DimArg | undefined, ndim: number): number[] {
  if (dim === null || dim === undefined) return [...Array(ndim).keys()];
  const list = typeof dim === 'number' ? [dim] : [...dim];
  if (list.length === 0) return [...Array(ndim).keys()];
  const dims = normalizeDims(list, ndim);
  return ndim === 0 ? [] : dims.sort((a, b) => a - b);
}

/** @internal The shape after reducing `dims` (size 1 there when keepdim, else removed). */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!dims.includes(i)) out.push(shape[i]!);
    else if (keepdim) out.push(1);
  }
  return out;
}

/** @internal Number of elements each output of a reduction over `dims` combines. */
export function reducedCount(shape: readonly number[], dims: readonly number[]): number {
  let n = 1;
  for (const d of dims) n *= shape[d]!;
  return n;
}

/**
 * @internal Runs the backend's reduce kernel over `dims` into a new tensor of `outDtype`
 * (not recorded). `dims` must be normalised; with no dims (0-d input) the element is copied.
 */
export function reduceRaw(op: ReduceOp, x: Tensor, dims: readonly number[], keepdim: boolean, outDtype: DType): Tensor {
  const out = emptyTensor(reducedShape(x._shape, dims, keepdim), outDtype, x.device);
  const backend = x._storage.backend;
  if (dims.length === 0) {
    // Nothing to reduce: each output is its single input.
    if (op === 'argmax' || op === 'argmin') backend.fill(out._view(), 0);
    else backend.copy(x._view(), out._view());
    return out;
  }
  const keepShape = reducedShape(x._shape, dims, true);
  // The kernel writes a keepdim-shaped view; contiguous strides of it fit the squeezed result too.
  const view: View = { buffer: out._storage.buffer, shape: keepShape, strides: contiguousStrides(keepShape), offset: 0 };
  backend.reduce(op, x._view(), dims, view);
  return out;
}

/** @internal An elementwise unary kernel on `x` into a new tensor of x's dtype (not recorded). */
export function unaryRaw(op: UnaryOp, x: Tensor): Tensor {
  const out = emptyTensor(x._shape, x.dtype, x.device);
  x._storage.backend.unary(op, x._view(), out._view());
  return out;
}

/** @internal Disposes temporaries that are not `keep` (nor one of `keep`). */
export function disposeTemps(keep: readonly Tensor[], ...temps: (Tensor | null | undefined)[]): void {
  for (const t of temps) if (t && !keep.includes(t) && !t.isDisposed) t.dispose();
}

/**
 * @internal A tensor sharing the storage of the contiguous `t` with another shape of the same
 * numel (not a view in autograd's sense: for internal results only).
 */
export function reshapeOwned(t: Tensor, shape: readonly number[]): Tensor {
  return new Tensor(t._storage, [...shape], contiguousStrides(shape), t._offset);
}

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

/** Options of `sum`, `mean`, `prod`: the dims may be given here instead of positionally. */
export interface ReduceOptions extends OutOption {
  /** Dim or dims to reduce (default: all). */
  dim?: DimArg;
  /** Keep reduced dims with size 1 (default false). */
  keepdim?: boolean;
  /** Cast the input to this dtype before reducing (also the result's dtype). */
  dtype?: DTypeLike;
}

/** Options of `max`/`min`/`argmax`/`argmin`/`all`/`any` with one dim. */
export interface DimOptions {
  /** The dim to reduce. */
  dim?: number | null;
  /** Keep the reduced dim with size 1 (default false). */
  keepdim?: boolean;
}

/** Options of `max`/`min` along a dim. */
export interface MaxOptions extends DimOptions, PairOutOption {}

/** Options of `amax`/`amin`. */
export interface AmaxOptions extends OutOption {
  /** Dim or dims to reduce (default: all). */
  dim?: DimArg;
  /** Keep reduced dims with size 1 (default false). */
  keepdim?: boolean;
}

/** Options of `var`/`std`/`varMean`/`stdMean`. */
export interface VarOptions extends OutOption {
  /** Dim or dims to reduce (default: all). */
  dim?: DimArg;
  /** Difference between the sample size and the divisor (default 1: Bessel's correction). */
  correction?: number;
  /** The older form of `correction`: true is 1, false is 0. */
  unbiased?: boolean;
  /** Keep reduced dims with size 1 (default false). */
  keepdim?: boolean;
}

/** The order of a norm: a number (`Infinity` and `-Infinity` included) or `'fro'`. */
export type NormOrder = number | 'fro' | 'nuc';

/** Options of `norm`. */
export interface NormOptions extends OutOption {
  /** The order (default `'fro'`, which for vectors is 2). */
  p?: NormOrder | null;
  /** Dim or dims to reduce (default: all). */
  dim?: DimArg;
  /** Keep reduced dims with size 1 (default false). */
  keepdim?: boolean;
  /** Cast the input to this floating-point dtype first. */
  dtype?: DTypeLike;
}

/** Options of `logsumexp`. */
export interface LogsumexpOptions extends OutOption {
  /** Dim or dims to reduce (required, positionally or here). */
  dim?: DimArg;
  /** Keep reduced dims with size 1 (default false). */
  keepdim?: boolean;
}

/** Options of `all`/`any`. */
export interface AllOptions extends OutOption, DimOptions {}

interface Parsed<O> {
  dim: DimArg | undefined;
  keepdim: boolean;
  opts: O;
}

/** `(dim?, keepdim?, options?)` with dim and keepdim also accepted in the options. */
function parseDimKeep<O extends { dim?: DimArg; keepdim?: boolean }>(args: readonly unknown[]): Parsed<O> {
  const { pos, opts } = splitOptions<O>(args);
  const dim = pos.length > 0 ? (pos[0] as DimArg) : opts.dim;
  const keepdim = pos.length > 1 ? Boolean(pos[1]) : (opts.keepdim ?? false);
  return { dim, keepdim, opts };
}

// ---------------------------------------------------------------------------------------------
// sum, mean, prod
// ---------------------------------------------------------------------------------------------

function sumLike(op: 'sum' | 'prod', x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice(op, x);
  const { dim, keepdim, opts } = parseDimKeep<ReduceOptions>(args);
  const dims = reductionDims(dim, x.dim());
  let src = x;
  let outDtype: DType;
  if (opts.dtype !== undefined && opts.dtype !== null) {
    outDtype = toDType(opts.dtype);
    src = castTo(x, outDtype);
  } else {
    // Bool and integer inputs accumulate in int64, as PyTorch's.
    outDtype = x.dtype.isFloatingPoint ? x.dtype : int64;
  }
  const result = reduceRaw(op, src, dims, keepdim, outDtype);
  disposeTemps([x], src);
  // dimGiven: autograd names the node SumBackward1 (with a dim) or SumBackward0, as PyTorch.
  const recArgs: Record<string, unknown> = { dims, keepdim, inputShape: [...x._shape], dimGiven: dim !== undefined && dim !== null };
  if (op === 'sum') recArgs.inputDtype = x.dtype;
  record(op, [x], [result], recArgs);
  return writeOut(result, opts.out);
}

function meanImpl(x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice('mean', x);
  const { dim, keepdim, opts } = parseDimKeep<ReduceOptions>(args);
  let dtype = x.dtype;
  if (opts.dtype !== undefined && opts.dtype !== null) {
    dtype = toDType(opts.dtype);
    if (!dtype.isFloatingPoint) {
      throw new RuntimeError(
        `mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(dtype)}`,
      );
    }
  } else if (!dtype.isFloatingPoint) {
    throw new RuntimeError(
      `mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(dtype)}`,
    );
  }
  const dims = reductionDims(dim, x.dim());
  const result = meanRaw(castTo(x, dtype), dims, keepdim);
  const count = reducedCount(x._shape, dims);
  record('mean', [x], [result], {
    dims, keepdim, inputShape: [...x._shape], inputDtype: x.dtype, count, dimGiven: dim !== undefined && dim !== null,
  });
  return writeOut(result, opts.out);
}

/** @internal The mean of a float tensor over normalised dims (not recorded). */
export function meanRaw(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const s = reduceRaw('sum', x, dims, keepdim, x.dtype);
  const result = divScalar(s, reducedCount(x._shape, dims));
  disposeTemps([result], s);
  return result;
}

/** @internal `x / n` in x's (float) dtype, not recorded. */
function divScalar(x: Tensor, n: number): Tensor {
  const d = scalarTensor(n, x.dtype, x.device);
  const out = binaryNoRecord('div', x, d);
  d.dispose();
  return out;
}

// ---------------------------------------------------------------------------------------------
// max, min, amax, amin, argmax, argmin
// ---------------------------------------------------------------------------------------------

function checkNonEmptyDims(name: string, x: Tensor, dims: readonly number[], specified: boolean): void {
  if (!specified) {
    if (x.numel() === 0) {
      throw new RuntimeError(
        `${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    return;
  }
  for (const d of dims) {
    if (x._shape[d] === 0) throw new IndexError(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  }
}

function maxMin(op: 'max' | 'min', x: Tensor, args: readonly unknown[]): Tensor | ValuesIndices {
  if (args[0] instanceof Tensor) {
    // torch.max(a, b) is torch.maximum(a, b).
    const other = args[0];
    const opts = (isOptions(args[1]) ? args[1] : {}) as OutOption;
    return op === 'max' ? binaryFunctions.maximum(x, other, opts) : binaryFunctions.minimum(x, other, opts);
  }
  commonDevice(op, x);
  const { pos, opts } = splitOptions<MaxOptions>(args);
  const dim = pos.length > 0 ? (pos[0] as number | null) : opts.dim;
  const keepdim = pos.length > 1 ? Boolean(pos[1]) : (opts.keepdim ?? false);
  if (dim === undefined || dim === null) {
    if (x.numel() === 0) {
      throw new RuntimeError(
        `${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`,
      );
    }
    const dims = reductionDims(null, x.dim());
    const result = reduceRaw(op, x, dims, false, x.dtype);
    // fromMaxMin: autograd names the node MaxBackward1/MinBackward1, as PyTorch.
    record(op === 'max' ? 'amax' : 'amin', [x], [result], { dims, keepdim: false, inputShape: [...x._shape], fromMaxMin: true });
    return result;
  }
  const d = normalizeDim(dim, x.dim());
  const dims = x.dim() === 0 ? [] : [d];
  if (x.dim() > 0 && x._shape[d] === 0) {
    throw new IndexError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
  }
  const values = reduceRaw(op, x, dims, keepdim, x.dtype);
  const indices = reduceRaw(op === 'max' ? 'argmax' : 'argmin', x, dims, keepdim, int64);
  record(op, [x], [values, indices], { dim: x.dim() === 0 ? 0 : d, keepdim, inputShape: [...x._shape] });
  return writePairOut(valuesIndices(values, indices, op), opts.out, op);
}

function amaxMin(op: 'amax' | 'amin', x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice(op, x);
  const { dim, keepdim, opts } = parseDimKeep<AmaxOptions>(args);
  const dims = reductionDims(dim, x.dim());
  const specified = dim !== undefined && dim !== null && !(Array.isArray(dim) && dim.length === 0);
  checkNonEmptyDims(op, x, dims, specified);
  const result = reduceRaw(op === 'amax' ? 'max' : 'min', x, dims, keepdim, x.dtype);
  record(op, [x], [result], { dims, keepdim, inputShape: [...x._shape] });
  return writeOut(result, opts.out);
}

function argMaxMin(op: 'argmax' | 'argmin', x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice(op, x);
  const { pos, opts } = splitOptions<DimOptions & OutOption>(args);
  const dim = pos.length > 0 ? (pos[0] as number | null) : opts.dim;
  const keepdim = pos.length > 1 ? Boolean(pos[1]) : (opts.keepdim ?? false);
  let result: Tensor;
  if (dim === undefined || dim === null) {
    if (x.numel() === 0) {
      throw new IndexError(`${op}(): Expected reduction dim to be specified for input.numel() == 0.`);
    }
    // Over all dims: the index into the flattened tensor.
    result = reduceRaw(op, x, reductionDims(null, x.dim()), keepdim, int64);
  } else {
    const d = normalizeDim(dim, x.dim());
    if (x.dim() > 0 && x._shape[d] === 0) {
      throw new IndexError(`${op}(): Expected reduction dim ${d} to have non-zero size.`);
    }
    result = reduceRaw(op, x, x.dim() === 0 ? [] : [d], keepdim, int64);
  }
  return writeOut(result, opts.out);
}

// ---------------------------------------------------------------------------------------------
// var, std, varMean, stdMean
// ---------------------------------------------------------------------------------------------

interface VarParsed {
  dims: number[];
  correction: number;
  keepdim: boolean;
  opts: VarOptions;
}

/** `(dim?, unbiased?, keepdim?, options?)` or `(unbiased, options?)`, as PyTorch's overloads. */
function parseVar(x: Tensor, args: readonly unknown[]): VarParsed {
  const { pos, opts } = splitOptions<VarOptions>(args);
  let dim: DimArg | undefined = opts.dim;
  let unbiased = opts.unbiased;
  let keepdim = opts.keepdim ?? false;
  if (typeof pos[0] === 'boolean') unbiased = pos[0];
  else {
    if (pos.length > 0) dim = pos[0] as DimArg;
    if (pos.length > 1) unbiased = Boolean(pos[1]);
    if (pos.length > 2) keepdim = Boolean(pos[2]);
  }
  if (opts.correction !== undefined && opts.unbiased !== undefined) {
    throw new RuntimeError('Cannot specify both unbiased and correction');
  }
  const correction = opts.correction ?? (unbiased === false ? 0 : 1);
  return { dims: reductionDims(dim, x.dim()), correction, keepdim, opts };
}

/** @internal var over normalised dims of a float tensor (not recorded); also returns the mean. */
export function varRaw(x: Tensor, dims: readonly number[], correction: number, keepdim: boolean): [Tensor, Tensor] {
  const n = reducedCount(x._shape, dims);
  const meanKeep = meanRaw(x, dims, true);
  const diff = binaryNoRecord('sub', x, meanKeep);
  const sq = binaryNoRecord('mul', diff, diff);
  const ss = reduceRaw('sum', sq, dims, keepdim, x.dtype);
  // PyTorch divides by max(0, N - correction): 0/0 gives nan, x/0 gives inf.
  const v = divScalar(ss, Math.max(0, n - correction));
  const m = keepdim ? meanKeep : reshapeOwned(meanKeep, reducedShape(x._shape, dims, false));
  disposeTemps([v, m], diff, sq, ss, meanKeep);
  return [v, m];
}

function checkVarDtype(x: Tensor): void {
  if (!x.dtype.isFloatingPoint) throw new RuntimeError('std and var only support floating point and complex dtypes');
}

function varStd(op: 'var' | 'std', x: Tensor, args: readonly unknown[], withMean: false): Tensor;
function varStd(op: 'var' | 'std', x: Tensor, args: readonly unknown[], withMean: true): [Tensor, Tensor];
function varStd(op: 'var' | 'std', x: Tensor, args: readonly unknown[], withMean: boolean): Tensor | [Tensor, Tensor] {
  commonDevice(op, x);
  checkVarDtype(x);
  const { dims, correction, keepdim, opts } = parseVar(x, args);
  const [v, m] = varRaw(x, dims, correction, keepdim);
  let result = v;
  if (op === 'std') {
    result = unaryRaw('sqrt', v);
    v.dispose();
  }
  const count = reducedCount(x._shape, dims);
  record(op, [x], [result], { dims, correction, keepdim, inputShape: [...x._shape], count });
  if (!withMean) {
    m.dispose();
    return writeOut(result, opts.out);
  }
  record('mean', [x], [m], { dims, keepdim, inputShape: [...x._shape], inputDtype: x.dtype, count });
  return [result, m];
}

// ---------------------------------------------------------------------------------------------
// norm, logsumexp
// ---------------------------------------------------------------------------------------------

function parseNorm(args: readonly unknown[]): { p: NormOrder; dim: DimArg | undefined; keepdim: boolean; opts: NormOptions } {
  const { pos, opts } = splitOptions<NormOptions>(args);
  const p = (pos.length > 0 && pos[0] !== null ? pos[0] : opts.p ?? 'fro') as NormOrder;
  const dim = pos.length > 1 ? (pos[1] as DimArg) : opts.dim;
  const keepdim = pos.length > 2 ? Boolean(pos[2]) : (opts.keepdim ?? false);
  return { p, dim, keepdim, opts };
}

/** @internal The vector p-norm of a float tensor over normalised dims (not recorded). */
export function normRaw(x: Tensor, p: number, dims: readonly number[], keepdim: boolean): Tensor {
  const backend = x._storage.backend;
  const a = unaryRaw('abs', x);
  let result: Tensor;
  if (p === Infinity || p === -Infinity) {
    if (reducedCount(x._shape, dims) === 0) {
      // PyTorch gives 0 for the inf-norms of nothing.
      result = emptyTensor(reducedShape(x._shape, dims, keepdim), x.dtype, x.device);
      backend.fill(result._view(), 0);
    } else {
      result = reduceRaw(p > 0 ? 'max' : 'min', a, dims, keepdim, x.dtype);
    }
  } else if (p === 0) {
    const nz = emptyTensor(x._shape, x.dtype, x.device);
    const zero = scalarTensor(0, x.dtype, x.device);
    const mask = binaryNoRecord('ne', x, zero);
    backend.copy(mask._view(), nz._view());
    result = reduceRaw('sum', nz, dims, keepdim, x.dtype);
    disposeTemps([], nz, zero, mask);
  } else if (p === 1) {
    result = reduceRaw('sum', a, dims, keepdim, x.dtype);
  } else if (p === 2) {
    const sq = binaryNoRecord('mul', x, x);
    const s = reduceRaw('sum', sq, dims, keepdim, x.dtype);
    result = unaryRaw('sqrt', s);
    disposeTemps([], sq, s);
  } else {
    const pT = scalarTensor(p, x.dtype, x.device), invT = scalarTensor(1 / p, x.dtype, x.device);
    const pw = binaryNoRecord('pow', a, pT);
    const s = reduceRaw('sum', pw, dims, keepdim, x.dtype);
    result = binaryNoRecord('pow', s, invT);
    disposeTemps([], pw, s, pT, invT);
  }
  a.dispose();
  return result;
}

function normImpl(x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice('norm', x);
  const { p, dim, keepdim, opts } = parseNorm(args);
  if (p === 'nuc') throw new RuntimeError('norm(): the nuclear norm is not supported yet');
  if (p !== 'fro' && typeof p !== 'number') throw new RuntimeError(`norm(): invalid norm order '${String(p)}'`);
  let src = x;
  if (opts.dtype !== undefined && opts.dtype !== null) {
    const dt = toDType(opts.dtype);
    if (!dt.isFloatingPoint) {
      throw new RuntimeError(
        `norm(): the desired output dtype should be either floating point or complex. Got ${scalarTypeName(dt)} instead.`,
      );
    }
    src = castTo(x, dt);
  } else if (!x.dtype.isFloatingPoint) {
    throw new RuntimeError(
      `norm(): input dtype should be either floating point or complex. Got ${scalarTypeName(x.dtype)} instead.`,
    );
  }
  const pn = p === 'fro' ? 2 : p;
  const dims = reductionDims(dim, x.dim());
  const result = normRaw(src, pn, dims, keepdim);
  disposeTemps([x], src);
  record('norm', [x], [result], { p: pn, dims, keepdim, inputShape: [...x._shape] });
  return writeOut(result, opts.out);
}

/** @internal logsumexp of a float tensor over normalised dims, numerically stable (not recorded). */
export function logsumexpRaw(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  const backend = x._storage.backend;
  if (reducedCount(x._shape, dims) === 0) {
    const out = emptyTensor(reducedShape(x._shape, dims, keepdim), x.dtype, x.device);
    backend.fill(out._view(), -Infinity);
    return out;
  }
  // Subtract the max (0 where it is infinite, so inf - inf never makes a nan).
  const m = reduceRaw('max', x, dims, true, x.dtype);
  const infMask = emptyTensor(m._shape, bool, x.device);
  backend.unary('isinf', m._view(), infMask._view());
  const zero = scalarTensor(0, x.dtype, x.device);
  const mSafe = emptyTensor(m._shape, x.dtype, x.device);
  backend.where(infMask._view(), broadcastView(zero, m._shape), m._view(), mSafe._view());
  const shifted = binaryNoRecord('sub', x, mSafe);
  const e = unaryRaw('exp', shifted);
  const s = reduceRaw('sum', e, dims, keepdim, x.dtype);
  const l = unaryRaw('log', s);
  const mOut = keepdim ? mSafe : reshapeOwned(mSafe, reducedShape(x._shape, dims, false));
  const result = binaryNoRecord('add', l, mOut);
  disposeTemps([result], m, infMask, zero, mSafe, mOut, shifted, e, s, l);
  return result;
}

function logsumexpImpl(x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice('logsumexp', x);
  const { dim, keepdim, opts } = parseDimKeep<LogsumexpOptions>(args);
  if (dim === undefined) throw new TypeError('logsumexp() missing 1 required positional argument: "dim"');
  const dims = reductionDims(dim, x.dim());
  // Integer inputs are promoted to the default float dtype, as in PyTorch.
  const src = x.dtype.isFloatingPoint ? x : castTo(x, float32);
  const result = logsumexpRaw(src, dims, keepdim);
  disposeTemps([x], src);
  record('logsumexp', [x], [result], { dims, keepdim, inputShape: [...x._shape] });
  return writeOut(result, opts.out);
}

// ---------------------------------------------------------------------------------------------
// all, any
// ---------------------------------------------------------------------------------------------

function allAny(op: 'all' | 'any', x: Tensor, args: readonly unknown[]): Tensor {
  commonDevice(op, x);
  const { dim, keepdim, opts } = parseDimKeep<AllOptions>(args);
  const dims = reductionDims(dim, x.dim());
  let result = reduceRaw(op, x, dims, keepdim, bool);
  // uint8 inputs give uint8 results, as in PyTorch.
  if (x.dtype === uint8) {
    const r8 = castTo(result, uint8);
    result.dispose();
    result = r8;
  }
  return writeOut(result, opts.out);
}

// ---------------------------------------------------------------------------------------------
// Public surface
// ---------------------------------------------------------------------------------------------

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Sum over all elements, or over `dim` (a dim or a list of dims). Bool and integer
     * inputs give int64 unless `dtype` is given.
     *
     * @example
     * ```ts
     * x.sum();                    // 0-d
     * x.sum(1, true);             // keepdim
     * x.sum([0, 1], { dtype: torch.float64 });
     * x.sum({ dim: 1, keepdim: true });
     * ```
     */
    sum(options?: ReduceOptions): Tensor;
    /** Sum over `dim`; `keepdim` keeps the reduced dims as size 1. */
    sum(dim: DimArg, keepdim?: boolean, options?: ReduceOptions): Tensor;
    /** Sum over `dim`, with `{ keepdim, dtype }` as options. */
    sum(dim: DimArg, options?: ReduceOptions): Tensor;
    /** Mean over all elements or over `dim`; floating-point inputs only (or give `dtype`). */
    mean(options?: ReduceOptions): Tensor;
    /** Mean over `dim`; `keepdim` keeps the reduced dims as size 1. */
    mean(dim: DimArg, keepdim?: boolean, options?: ReduceOptions): Tensor;
    /** Mean over `dim`, with `{ keepdim, dtype }` as options. */
    mean(dim: DimArg, options?: ReduceOptions): Tensor;
    /** Product over all elements or over `dim`. Bool and integer inputs give int64. */
    prod(options?: ReduceOptions): Tensor;
    /** Product over `dim`; `keepdim` keeps the reduced dim as size 1. */
    prod(dim: DimArg, keepdim?: boolean, options?: ReduceOptions): Tensor;
    /** Product over `dim`, with `{ keepdim, dtype }` as options. */
    prod(dim: DimArg, options?: ReduceOptions): Tensor;
    /**
     * The largest element (0-d); with a dim, `[values, indices]` along it (also `.values`,
     * `.indices`); with a tensor, the elementwise maximum.
     *
     * @example
     * ```ts
     * const [values, indices] = x.max(1);
     * x.max(1, true).indices;
     * ```
     */
    max(): Tensor;
    /** The elementwise maximum with `other` (as `torch.maximum`). */
    max(other: Tensor, options?: OutOption): Tensor;
    /** The largest values along `dim` and their indices, `[values, indices]`. */
    max(dim: number, keepdim?: boolean, options?: MaxOptions): ValuesIndices;
    /** `[values, indices]` along `dim`, with `{ keepdim, out }` as options. */
    max(dim: number, options?: MaxOptions): ValuesIndices;
    /** `[values, indices]` along `options.dim`. */
    max(options: MaxOptions & { dim: number }): ValuesIndices;
    /** The smallest element (0-d); with a dim, `[values, indices]`; with a tensor, the elementwise minimum. */
    min(): Tensor;
    /** The elementwise minimum with `other` (as `torch.minimum`). */
    min(other: Tensor, options?: OutOption): Tensor;
    /** The smallest values along `dim` and their indices, `[values, indices]`. */
    min(dim: number, keepdim?: boolean, options?: MaxOptions): ValuesIndices;
    /** `[values, indices]` along `dim`, with `{ keepdim, out }` as options. */
    min(dim: number, options?: MaxOptions): ValuesIndices;
    /** `[values, indices]` along `options.dim`. */
    min(options: MaxOptions & { dim: number }): ValuesIndices;
    /** The largest values over `dim` (default all dims); ties share the gradient. */
    amax(dim?: DimArg | AmaxOptions, keepdim?: boolean, options?: AmaxOptions): Tensor;
    /** The smallest values over `dim` (default all dims). */
    amin(dim?: DimArg | AmaxOptions, keepdim?: boolean, options?: AmaxOptions): Tensor;
    /** Index of the largest value along `dim`, or in the flattened tensor without a dim. */
    argmax(dim?: number | null | (DimOptions & OutOption), keepdim?: boolean, options?: DimOptions & OutOption): Tensor;
    /** Index of the smallest value along `dim`, or in the flattened tensor without a dim. */
    argmin(dim?: number | null | (DimOptions & OutOption), keepdim?: boolean, options?: DimOptions & OutOption): Tensor;
    /**
     * Variance over `dim` (default all) with `correction` (default 1). As in PyTorch, the
     * second positional argument is `unbiased`: `x.var(1, false, true)`.
     *
     * @example
     * ```ts
     * x.var();                            // unbiased, all elements
     * x.var(1, { correction: 0, keepdim: true });
     * ```
     */
    var(options?: VarOptions): Tensor;
    /** Variance of all elements, Bessel-corrected when `unbiased`. */
    var(unbiased: boolean, options?: VarOptions): Tensor;
    /** Variance over `dim`, positional as in PyTorch: `x.var(1, false, true)`. */
    var(dim: DimArg, unbiased?: boolean, keepdim?: boolean, options?: VarOptions): Tensor;
    /** Variance over `dim`, with `{ correction, keepdim }` as options. */
    var(dim: DimArg, options?: VarOptions): Tensor;
    /** Standard deviation; arguments as {@link Tensor.var}. */
    std(options?: VarOptions): Tensor;
    /** Standard deviation of all elements, Bessel-corrected when `unbiased`. */
    std(unbiased: boolean, options?: VarOptions): Tensor;
    /** Standard deviation over `dim`, positional as in PyTorch: `x.std(1, false, true)`. */
    std(dim: DimArg, unbiased?: boolean, keepdim?: boolean, options?: VarOptions): Tensor;
    /** Standard deviation over `dim`, with `{ correction, keepdim }` as options. */
    std(dim: DimArg, options?: VarOptions): Tensor;
    /**
     * The vector p-norm over `dim` (default all): `p` is `'fro'` (default, = 2), a number,
     * `Infinity` or `-Infinity`.
     *
     * @example
     * ```ts
     * x.norm();            // Frobenius
     * x.norm(1, 1, true);  // L1 along dim 1, keepdim
     * x.norm({ p: Infinity, dim: 0 });
     * ```
     */
    norm(p?: NormOrder | null | NormOptions, dim?: DimArg, keepdim?: boolean, options?: NormOptions): Tensor;
    /** `log(sum(exp(x)))` over `dim`, computed without overflow. */
    logsumexp(dim: DimArg | LogsumexpOptions, keepdim?: boolean, options?: LogsumexpOptions): Tensor;
    /** Whether all elements (along `dim`) are non-zero; bool (uint8 for uint8 input). */
    all(dim?: number | number[] | null | AllOptions, keepdim?: boolean, options?: AllOptions): Tensor;
    /** Whether any element (along `dim`) is non-zero; bool (uint8 for uint8 input). */
    any(dim?: number | number[] | null | AllOptions, keepdim?: boolean, options?: AllOptions): Tensor;
  }
}

type Args = unknown[];

installMethods({
  sum(this: Tensor, ...args: Args) { return sumLike('sum', this, args); },
  prod(this: Tensor, ...args: Args) { return sumLike('prod', this, args); },
  mean(this: Tensor, ...args: Args) { return meanImpl(this, args); },
  max(this: Tensor, ...args: Args) { return maxMin('max', this, args); },
  min(this: Tensor, ...args: Args) { return maxMin('min', this, args); },
  amax(this: Tensor, ...args: Args) { return amaxMin('amax', this, args); },
  amin(this: Tensor, ...args: Args) { return amaxMin('amin', this, args); },
  argmax(this: Tensor, ...args: Args) { return argMaxMin('argmax', this, args); },
  argmin(this: Tensor, ...args: Args) { return argMaxMin('argmin', this, args); },
  var(this: Tensor, ...args: Args) { return varStd('var', this, args, false); },
  std(this: Tensor, ...args: Args) { return varStd('std', this, args, false); },
  norm(this: Tensor, ...args: Args) { return normImpl(this, args); },
  logsumexp(this: Tensor, ...args: Args) { return logsumexpImpl(this, args); },
  all(this: Tensor, ...args: Args) { return allAny('all', this, args); },
  any(this: Tensor, ...args: Args) { return allAny('any', this, args); },
});

/**
 * `torch.sum(x, dim?, keepdim?, { dtype, out })`.
 *
 * @example
 * ```ts
 * torch.sum(x, 1);                  // as x.sum(1)
 * torch.sum(x, [0, 1], true);
 * ```
 */
export function sum(input: Tensor, options?: ReduceOptions): Tensor;
export function sum(input: Tensor, dim: DimArg, keepdim?: boolean, options?: ReduceOptions): Tensor;
export function sum(input: Tensor, dim: DimArg, options?: ReduceOptions): Tensor;
export function sum(input: Tensor, ...args: Args): Tensor {
  return sumLike('sum', input, args);
}

/** `torch.mean(x, dim?, keepdim?, { dtype, out })`. */
export function mean(input: Tensor, options?: ReduceOptions): Tensor;
export function mean(input: Tensor, dim: DimArg, keepdim?: boolean, options?: ReduceOptions): Tensor;
export function mean(input: Tensor, dim: DimArg, options?: ReduceOptions): Tensor;
export function mean(input: Tensor, ...args: Args): Tensor {
  return meanImpl(input, args);
}

/** `torch.prod(x, dim?, keepdim?, { dtype, out })`. */
export function prod(input: Tensor, options?: ReduceOptions): Tensor;
export function prod(input: Tensor, dim: DimArg, keepdim?: boolean, options?: ReduceOptions): Tensor;
export function prod(input: Tensor, dim: DimArg, options?: ReduceOptions): Tensor;
export function prod(input: Tensor, ...args: Args): Tensor {
  return sumLike('prod', input, args);
}

/**
 * `torch.max(x)`, `torch.max(x, dim, keepdim?)` -> `[values, indices]`, `torch.max(a, b)`.
 *
 * @example
 * ```ts
 * const [values, indices] = torch.max(x, 1);
 * ```
 */
export function max(input: Tensor): Tensor;
export function max(input: Tensor, other: Tensor, options?: OutOption): Tensor;
export function max(input: Tensor, dim: number, keepdim?: boolean, options?: MaxOptions): ValuesIndices;
export function max(input: Tensor, dim: number, options?: MaxOptions): ValuesIndices;
export function max(input: Tensor, options: MaxOptions & { dim: number }): ValuesIndices;
export function max(input: Tensor, ...args: Args): Tensor | ValuesIndices {
  return maxMin('max', input, args);
}

/** `torch.min(x)`, `torch.min(x, dim, keepdim?)` -> `[values, indices]`, `torch.min(a, b)`. */
export function min(input: Tensor): Tensor;
export function min(input: Tensor, other: Tensor, options?: OutOption): Tensor;
export function min(input: Tensor, dim: number, keepdim?: boolean, options?: MaxOptions): ValuesIndices;
export function min(input: Tensor, dim: number, options?: MaxOptions): ValuesIndices;
export function min(input: Tensor, options: MaxOptions & { dim: number }): ValuesIndices;
export function min(input: Tensor, ...args: Args): Tensor | ValuesIndices {
  return maxMin('min', input, args);
}

/** `torch.amax(x, dim?, keepdim?)`. */
export function amax(input: Tensor, dim?: DimArg | AmaxOptions, keepdim?: boolean, options?: AmaxOptions): Tensor {
  return amaxMin('amax', input, [dim, keepdim, options]);
}

/** `torch.amin(x, dim?, keepdim?)`. */
export function amin(input: Tensor, dim?: DimArg | AmaxOptions, keepdim?: boolean, options?: AmaxOptions): Tensor {
  return amaxMin('amin', input, [dim, keepdim, options]);
}

/** `torch.argmax(x, dim?, keepdim?)`. */
export function argmax(
  input: Tensor, dim?: number | null | (DimOptions & OutOption), keepdim?: boolean, options?: DimOptions & OutOption,
): Tensor {
  return argMaxMin('argmax', input, [dim, keepdim, options]);
}

/** `torch.argmin(x, dim?, keepdim?)`. */
export function argmin(
  input: Tensor, dim?: number | null | (DimOptions & OutOption), keepdim?: boolean, options?: DimOptions & OutOption,
): Tensor {
  return argMaxMin('argmin', input, [dim, keepdim, options]);
}

/** `torch.var(x, dim?, unbiased?, keepdim?, { correction, out })`. */
function varFn(input: Tensor, options?: VarOptions): Tensor;
function varFn(input: Tensor, unbiased: boolean, options?: VarOptions): Tensor;
function varFn(input: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, options?: VarOptions): Tensor;
function varFn(input: Tensor, dim: DimArg, options?: VarOptions): Tensor;
function varFn(input: Tensor, ...args: Args): Tensor {
  return varStd('var', input, args, false);
}
// `var` is a reserved word: it can only be an export name.
export { varFn as var };

/** `torch.std(x, dim?, unbiased?, keepdim?, { correction, out })`. */
export function std(input: Tensor, options?: VarOptions): Tensor;
export function std(input: Tensor, unbiased: boolean, options?: VarOptions): Tensor;
export function std(input: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, options?: VarOptions): Tensor;
export function std(input: Tensor, dim: DimArg, options?: VarOptions): Tensor;
export function std(input: Tensor, ...args: Args): Tensor {
  return varStd('std', input, args, false);
}

/** `torch.var_mean`: `[var, mean]`, arguments as `torch.var`. */
export function varMean(input: Tensor, options?: VarOptions): [Tensor, Tensor];
export function varMean(input: Tensor, unbiased: boolean, options?: VarOptions): [Tensor, Tensor];
export function varMean(input: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, options?: VarOptions): [Tensor, Tensor];
export function varMean(input: Tensor, dim: DimArg, options?: VarOptions): [Tensor, Tensor];
export function varMean(input: Tensor, ...args: Args): [Tensor, Tensor] {
  return varStd('var', input, args, true);
}

/** `torch.std_mean`: `[std, mean]`, arguments as {@link std}. */
export function stdMean(input: Tensor, options?: VarOptions): [Tensor, Tensor];
export function stdMean(input: Tensor, unbiased: boolean, options?: VarOptions): [Tensor, Tensor];
export function stdMean(input: Tensor, dim: DimArg, unbiased?: boolean, keepdim?: boolean, options?: VarOptions): [Tensor, Tensor];
export function stdMean(input: Tensor, dim: DimArg, options?: VarOptions): [Tensor, Tensor];
export function stdMean(input: Tensor, ...args: Args): [Tensor, Tensor] {
  return varStd('std', input, args, true);
}

/** `torch.norm(x, p?, dim?, keepdim?, { dtype, out })`. */
export function norm(
  input: Tensor, p?: NormOrder | null | NormOptions, dim?: DimArg, keepdim?: boolean, options?: NormOptions,
): Tensor {
  return normImpl(input, [p, dim, keepdim, options]);
}

/** `torch.logsumexp(x, dim, keepdim?)`. */
export function logsumexp(input: Tensor, dim: DimArg | LogsumexpOptions, keepdim?: boolean, options?: LogsumexpOptions): Tensor {
  return logsumexpImpl(input, [dim, keepdim, options]);
}

/** `torch.all(x, dim?, keepdim?)`. */
export function all(input: Tensor, dim?: number | number[] | null | AllOptions, keepdim?: boolean, options?: AllOptions): Tensor {
  return allAny('all', input, [dim, keepdim, options]);
}

/** `torch.any(x, dim?, keepdim?)`. */
export function any(input: Tensor, dim?: number | number[] | null | AllOptions, keepdim?: boolean, options?: AllOptions): Tensor {
  return allAny('any', input, [dim, keepdim, options]);
}
