/**
 * Elementwise unary ops: `torch.exp(x)`, `x.exp()`, `x.exp_()`, `torch.exp(x, { out })`,
 * all generated from one table.
 * @module
 */
import type { UnaryOp } from '../backend.js';
import { bool, type DType, int64 } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import {
  castTo, checkCastable, commonDevice, emptyTensor, floatResultType, installMethods, type OutOption,
  record, scalarTypeName, writeOut,
} from './helpers.js';
import { runInplace } from './inplace.js';

/** How a unary op chooses its result dtype. */
type UnaryKind =
  | 'float' // integer inputs compute in the default float dtype (exp, sin, sqrt, ...)
  | 'same' // keeps the input dtype (abs, neg, floor, relu, ...)
  | 'predicate' // returns bool (isnan, logicalNot)
  | 'integral'; // ints and bool only (bitwiseNot)

interface UnarySpec {
  kind: UnaryKind;
  /** Kernel name when it differs from the op name. */
  kernel?: UnaryOp;
  /** Whether an integer input is returned unchanged (floor/ceil/round/trunc of ints). */
  identityOnInt?: boolean;
  /** Whether bool input is refused (neg), with PyTorch's message. */
  noBool?: string;
  /** Float inputs only: the kernel name PyTorch's "not implemented for" message uses. */
  floatOnly?: string;
  /** Result dtype for bool input when it is not bool (square: int64). */
  boolResult?: DType;
}

/** Every unary op, by its torchts name. */
export const unaryOps = {
  neg: { kind: 'same', noBool: 'Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.' },
  abs: { kind: 'same', noBool: `"abs_cpu" not implemented for 'Bool'` },
  sign: { kind: 'same' },
  square: { kind: 'same', boolResult: int64 },
  relu: { kind: 'same', noBool: 'Boolean inputs not supported for relu' },
  floor: { kind: 'same', identityOnInt: true, noBool: `"floor_vml_cpu" not implemented for 'Bool'` },
  ceil: { kind: 'same', identityOnInt: true, noBool: `"ceil_vml_cpu" not implemented for 'Bool'` },
  round: { kind: 'same', identityOnInt: true, noBool: `"round_vml_cpu" not implemented for 'Bool'` },
  trunc: { kind: 'same', identityOnInt: true, noBool: `"trunc_vml_cpu" not implemented for 'Bool'` },
  frac: { kind: 'same', floatOnly: 'frac_cpu' },
  exp: { kind: 'float' },
  expm1: { kind: 'float' },
  log: { kind: 'float' },
  log1p: { kind: 'float' },
  log2: { kind: 'float' },
  log10: { kind: 'float' },
  sqrt: { kind: 'float' },
  rsqrt: { kind: 'float' },
  reciprocal: { kind: 'float' },
  sin: { kind: 'float' },
  cos: { kind: 'float' },
  tan: { kind: 'float' },
  asin: { kind: 'float' },
  acos: { kind: 'float' },
  atan: { kind: 'float' },
  sinh: { kind: 'float' },
  cosh: { kind: 'float' },
  tanh: { kind: 'float' },
  asinh: { kind: 'float' },
  acosh: { kind: 'float' },
  atanh: { kind: 'float' },
  erf: { kind: 'float' },
  erfc: { kind: 'float' },
  sigmoid: { kind: 'float' },
  silu: { kind: 'float', floatOnly: 'silu_cpu' },
  gelu: { kind: 'float', floatOnly: 'GeluKernelImpl' },
  isnan: { kind: 'predicate' },
  isinf: { kind: 'predicate' },
  isfinite: { kind: 'predicate' },
  logicalNot: { kind: 'predicate' },
  bitwiseNot: { kind: 'integral' },
} satisfies Record<string, UnarySpec>;

/** Names of the unary ops. */
export type UnaryName = keyof typeof unaryOps;

function resultDtype(name: string, spec: UnarySpec, d: DType): DType {
  if (spec.noBool && d === bool) throw new RuntimeError(spec.noBool);
  if (spec.floatOnly && !d.isFloatingPoint) {
    throw new RuntimeError(`"${spec.floatOnly}" not implemented for '${scalarTypeName(d)}'`);
  }
  if (spec.boolResult && d === bool) return spec.boolResult;
  if (spec.kind === 'float') return floatResultType(d);
  if (spec.kind === 'integral' && d.isFloatingPoint) {
    const kernel = name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());
    throw new RuntimeError(`"${kernel}_cpu" not implemented for '${scalarTypeName(d)}'`);
  }
  return d;
}

function unary(name: UnaryName, x: Tensor, opts?: OutOption): Tensor {
  const spec: UnarySpec = unaryOps[name];
  const device = commonDevice(name, x);
  const dtype = resultDtype(name, spec, x.dtype);
  const outDtype = spec.kind === 'predicate' ? bool : dtype;
  // Ops that keep the dtype (PyTorch's `unary_op` iterators) need an out of that very dtype.
  if (opts?.out && (spec.kind === 'same' || spec.kind === 'integral') && opts.out.dtype !== dtype) {
    throw new RuntimeError(`Found dtype ${scalarTypeName(opts.out.dtype)} but expected ${scalarTypeName(dtype)}`);
  }
  let result: Tensor;
  if (spec.identityOnInt && !dtype.isFloatingPoint) {
    result = emptyTensor(x._shape, dtype, device);
    x._storage.backend.copy(x._view(), result._view());
  } else {
    const src = spec.kind === 'predicate' ? x : castTo(x, dtype);
    result = emptyTensor(x._shape, outDtype, device);
    x._storage.backend.unary(spec.kernel ?? name, src._view(), result._view());
  }
  record(name, [x], [result]);
  return writeOut(result, opts?.out);
}

function unaryInplace(name: UnaryName, self: Tensor): Tensor {
  const spec: UnarySpec = unaryOps[name];
  const dtype = resultDtype(name, spec, self.dtype);
  checkCastable(spec.kind === 'predicate' ? bool : dtype, self.dtype);
  return runInplace(name, self, [], {}, () => {
    if (spec.identityOnInt && !dtype.isFloatingPoint) return;
    const backend = self._storage.backend;
    if (dtype === self.dtype && spec.kind !== 'predicate') {
      backend.unary(spec.kernel ?? name, self._view(), self._view());
    } else {
      const tmp = emptyTensor(self._shape, spec.kind === 'predicate' ? bool : dtype, self.device);
      backend.unary(spec.kernel ?? name, castTo(self, dtype)._view(), tmp._view());
      backend.copy(tmp._view(), self._view());
    }
  });
}

type UnaryFunctions = { [K in UnaryName]: (input: Tensor, options?: OutOption) => Tensor };
type UnaryMethods = { [K in UnaryName]: () => Tensor } & { [K in UnaryName as `${K}_`]: () => Tensor };

declare module '../tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tensor extends UnaryMethods {}
}

/** The `torch.*` functions of the unary ops (`torch.exp(x, { out })`). */
export const unaryFunctions = {} as UnaryFunctions;
const methods: Record<string, (this: Tensor) => Tensor> = {};
for (const name of Object.keys(unaryOps) as UnaryName[]) {
  unaryFunctions[name] = (input, options) => unary(name, input, options);
  methods[name] = function (this: Tensor) {
    return unary(name, this);
  };
  methods[`${name}_`] = function (this: Tensor) {
    return unaryInplace(name, this);
  };
}
installMethods(methods);

// PyTorch's aliases.
/** Alias of `neg`. */
export const negative = unaryFunctions.neg;
/** Alias of `abs`. */
export const absolute = unaryFunctions.abs;
/** Alias of `trunc`. */
export const fix = unaryFunctions.trunc;
