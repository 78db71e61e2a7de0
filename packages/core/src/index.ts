/**
 * @torchts/core: tensors, dtypes, devices, the op dispatcher and the backend interface.
 * Most users import the umbrella instead: `import * as torch from 'torchts'`.
 * @packageDocumentation
 */
import { device as toDevice, type DeviceLike } from './device.js';
import { memoryOf, type MemoryInfo } from './storage.js';
import { unaryFunctions } from './ops/unary.js';
import { binaryFunctions } from './ops/binary.js';
// Op families install their Tensor methods when loaded.
import './ops/views.js';
import './ops/conversion.js';
import './ops/creation.js';

export * from './dtype.js';
export { roundBFloat16 } from './bfloat16.js';
export type * from './backend.js';
export { RuntimeError, IndexError, ValueError } from './errors.js';
export { Size } from './size.js';
export { Device, device, type DeviceLike } from './device.js';
export {
  registerBackend, findBackend, backendFor, registeredDeviceTypes, setDefaultDevice, getDefaultDevice,
} from './registry.js';
export type { TorchtsConfig } from './config.js';
export { Tensor, isTensor, type GradFn, type GradHook, type NestedArray, type VersionCounter } from './tensor.js';
export {
  noGrad, enableGrad, setGradEnabled, isGradEnabled, inferenceMode, isInferenceModeEnabled,
  installAutograd, autogradHooks, type AutogradHooks, type OpRecord, type BackwardOptions,
} from './grad-mode.js';
export { tidy, keep } from './memory.js';
export type { MemoryInfo } from './storage.js';
export {
  broadcastShapes, contiguousStrides, normalizeDim, numelOf, shapeStr,
} from './shape.js';

export {
  canCast, resultType, type OutOption, type TensorOrScalar,
} from './ops/helpers.js';
export { unaryOps, unaryFunctions, type UnaryName } from './ops/unary.js';
export { binaryOps, binaryFunctions, type BinaryName, type AlphaOptions, type DivOptions } from './ops/binary.js';
export {
  reshapeFn as reshape, permuteFn as permute, transposeFn as transpose, transposeFn as swapaxes, tFn as t,
  squeezeFn as squeeze, unsqueezeFn as unsqueeze, flattenFn as flatten, unflattenFn as unflatten,
  narrowFn as narrow, selectFn as select, unbindFn as unbind, movedimFn as movedim, cloneFn as clone,
  type SizeArgs,
} from './ops/views.js';
export type { ToOptions } from './ops/conversion.js';
export {
  tensor, empty, zeros, ones, full, arange, linspace, eye, rand, randn, randint, randperm, fromTypedArray,
  zerosLike, onesLike, emptyLike, fullLike, randLike, randnLike, randintLike,
  type FactoryOptions, type RandomOptions, type RangeOptions, type FromTypedArrayOptions,
} from './ops/creation.js';
export {
  Generator, defaultGenerator, manualSeed, initialSeed, seed, getRngState, setRngState, DEFAULT_RNG_SEED,
} from './random/generator.js';
export * as random from './random/sampling.js';
export {
  setPrintOptions, getPrintOptions, type PrintOptions, type SetPrintOptions,
} from './printing/print-options.js';
export { formatTensor, type PrintableTensor } from './printing/format-tensor.js';

/**
 * Live tensors, storages and bytes on a device (all devices when omitted).
 *
 * @example
 * ```ts
 * torch.memory('cpu'); // { tensors: 3, storages: 2, bytes: 96 }
 * ```
 */
export function memory(device?: DeviceLike): MemoryInfo {
  return memoryOf(device === undefined ? undefined : toDevice(device));
}

// torch.* functions of the elementwise ops.
export const {
  neg, abs, sign, square, relu, floor, ceil, round, trunc, frac, exp, expm1, log, log1p, log2, log10,
  sqrt, rsqrt, reciprocal, sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, asinh, acosh, atanh, erf,
  erfc, sigmoid, silu, gelu, isnan, isinf, isfinite, logicalNot, bitwiseNot,
} = unaryFunctions;
export { negative, absolute, fix } from './ops/unary.js';
export const {
  add, sub, mul, div, remainder, fmod, pow, maximum, minimum, atan2, floorDivide, eq, ne, lt, le, gt, ge,
  logicalAnd, logicalOr, logicalXor, bitwiseAnd, bitwiseOr, bitwiseXor,
} = binaryFunctions;
/** Alias of `sub`. */
export const subtract = binaryFunctions.sub;
/** Alias of `mul`. */
export const multiply = binaryFunctions.mul;
/** Alias of `div`. */
export const divide = binaryFunctions.div;
/** Alias of `div` (true division). */
export const trueDivide = binaryFunctions.div;

// ---- indexing, joining, in-place random fills (ops/indexing.ts, ops/join.ts, ops/random-inplace.ts) ----
export { indexPutFn as indexPut, type IndexItem, type IndexPutOptions } from './ops/indexing.js';
export {
  cat, concat, concatenate, stack, hstack, vstack, rowStack, split, chunk, tensorSplit, type CatOptions,
} from './ops/join.js';
export { bernoulli, type GeneratorOptions } from './ops/random-inplace.js';

// ---- reductions, matmul, softmax, cumulative, sort, gather/scatter, where, clamp ----
// (ops/reduction.ts, matmul.ts, softmax.ts, cumulative.ts, sort.ts, gather-scatter.ts, where.ts, clamp.ts)
export {
  sum, mean, prod, max, min, amax, amin, argmax, argmin, var, std, varMean, stdMean, norm, logsumexp, all, any,
  type DimArg, type ValuesIndices, type PairOutOption, type ReduceOptions, type DimOptions, type MaxOptions,
  type AmaxOptions, type VarOptions, type NormOrder, type NormOptions, type LogsumexpOptions, type AllOptions,
} from './ops/reduction.js';
export {
  matmulFn as matmul, mmFn as mm, bmmFn as bmm, dotFn as dot, mvFn as mv, outerFn as outer, outerFn as ger,
  addmmFn as addmm, baddbmmFn as baddbmm, type AddmmOptions,
} from './ops/matmul.js';
export { softmax, logSoftmax, type SoftmaxOptions } from './ops/softmax.js';
export { cumsum, cumprod, type CumulativeOptions } from './ops/cumulative.js';
export {
  sort, argsort, topk, kthvalue, median, type SortOptions, type TopkOptions, type KthOptions,
} from './ops/sort.js';
export {
  gatherFn as gather, scatter, scatterAdd, indexSelectFn as indexSelect, type GatherOptions,
} from './ops/gather-scatter.js';
export {
  where, nonzeroFn as nonzero, maskedFillFn as maskedFill, maskedSelectFn as maskedSelect, type NonzeroOptions,
} from './ops/where.js';
export {
  clampFn as clamp, clampFn as clip, clampInplaceFn as clamp_, clampMin, clampMax, type ClampBound, type ClampOptions,
} from './ops/clamp.js';

// ---- device random fills (Philox4x32-10): the specification device kernels follow
export {
  philox4x32, philoxFill, philoxWordsConsumed, philoxWordsPerElement, PhiloxGenerator, deviceGenerator,
  type RandomKind, type PhiloxDtypeName,
} from './random/philox.js';
