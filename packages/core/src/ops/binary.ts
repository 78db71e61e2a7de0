/**
 * Elementwise binary ops with broadcasting and type promotion: arithmetic, comparisons,
 * logical and bitwise ops, generated from one table (function, method, in-place and `out`).
 * @module
 */
import type { BinaryOp } from '../backend.js';
import { bool, type DType, getDefaultDtype } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import { Tensor } from '../tensor.js';
import {
  broadcastView, checkCastable, checkInplaceShape, commonDevice, emptyTensor, installMethods, operand, scalarOf,
  type OutOption, record, resultType, scalarTypeName, type TensorOrScalar, writeOut,
} from './helpers.js';
import { runInplace } from './inplace.js';

type BinaryKind =
  | 'arith' // result in the promoted dtype
  | 'true-div' // integer inputs divide as floats
  | 'compare' // promoted inputs, bool result
  | 'logical' // any inputs, bool result
  | 'bitwise'; // integer or bool inputs only

interface BinarySpec {
  kind: BinaryKind;
  kernel?: BinaryOp;
  /** Whether bool operands are refused (PyTorch refuses `sub` on bools). */
  noBool?: string;
}

/** Every binary op, by its torchts name. `add`/`sub`/`div` have extra options, see below. */
export const binaryOps = {
  add: { kind: 'arith' },
  sub: { kind: 'arith' },
  mul: { kind: 'arith' },
  div: { kind: 'true-div' },
  remainder: { kind: 'arith' },
  fmod: { kind: 'arith' },
  pow: { kind: 'arith' },
  maximum: { kind: 'arith' },
  minimum: { kind: 'arith' },
  atan2: { kind: 'true-div' },
  floorDivide: { kind: 'arith', kernel: 'divFloor' },
  eq: { kind: 'compare' },
  ne: { kind: 'compare' },
  lt: { kind: 'compare' },
  le: { kind: 'compare' },
  gt: { kind: 'compare' },
  ge: { kind: 'compare' },
  logicalAnd: { kind: 'logical' },
  logicalOr: { kind: 'logical' },
  logicalXor: { kind: 'logical' },
  bitwiseAnd: { kind: 'bitwise' },
  bitwiseOr: { kind: 'bitwise' },
  bitwiseXor: { kind: 'bitwise' },
} satisfies Record<string, BinarySpec>;

/** Names of the binary ops. */
export type BinaryName = keyof typeof binaryOps;

/** Options of `add`/`sub`: `input + alpha * other`. */
export interface AlphaOptions extends OutOption {
  /** Multiplier of `other` (default 1). */
  alpha?: number;
}

/** Options of `div`: `roundingMode` `'trunc'` or `'floor'` rounds the quotient. */
export interface DivOptions extends OutOption {
  /** null (true division), `'trunc'` or `'floor'`. */
  roundingMode?: 'trunc' | 'floor' | null;
}

interface Plan {
  computeDtype: DType;
  resultDtype: DType;
  kernel: BinaryOp;
}

function plan(name: BinaryName, a: TensorOrScalar, b: TensorOrScalar, roundingMode?: string | null): Plan {
  const spec: BinarySpec = binaryOps[name];
  let common = resultType(a, b);
  let kernel: BinaryOp = spec.kernel ?? (name as BinaryOp);
  if (spec.noBool && common === bool) throw new RuntimeError(spec.noBool);
  if (name === 'sub') checkSubBool(a, b);
  switch (spec.kind) {
    case 'true-div':
      if (name === 'div' && roundingMode) {
        kernel = roundingMode === 'trunc' ? 'divTrunc' : 'divFloor';
        if (roundingMode !== 'trunc' && roundingMode !== 'floor') {
          throw new RuntimeError(
            `div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '${roundingMode}'`,
          );
        }
        if (common === bool) throw new RuntimeError(`"div_${roundingMode}_cpu" not implemented for 'Bool'`);
        return { computeDtype: common, resultDtype: common, kernel };
      }
      if (!common.isFloatingPoint) common = getDefaultDtype();
      return { computeDtype: common, resultDtype: common, kernel };
    case 'compare':
      return { computeDtype: common, resultDtype: bool, kernel };
    case 'logical':
      return { computeDtype: common, resultDtype: bool, kernel };
    case 'bitwise':
      if (common.isFloatingPoint) {
        throw new RuntimeError(`"${name.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase())}_cpu" not implemented for '${scalarTypeName(common)}'`);
      }
      return { computeDtype: common, resultDtype: common, kernel };
    default:
      if (name === 'pow' && !common.isFloatingPoint && hasNegativeIntExponent(b)) {
        throw new RuntimeError('Integers to negative integer powers are not allowed.');
      }
      if (kernel === 'divFloor' && common === bool) throw new RuntimeError(`"div_floor_cpu" not implemented for 'Bool'`);
      if ((name === 'remainder' || name === 'fmod') && common === bool) {
        throw new RuntimeError(`"${name}_cpu" not implemented for 'Bool'`);
      }
      if (name === 'pow' && common === bool) throw new RuntimeError(`"pow" not implemented for 'Bool'`);
      return { computeDtype: common, resultDtype: common, kernel };
  }
}

/** PyTorch's `sub_check`: no bool operand (a JS boolean counts as a bool tensor). */
function checkSubBool(a: TensorOrScalar, b: TensorOrScalar): void {
  const isBool = (x: TensorOrScalar): boolean => (x instanceof Tensor ? x.dtype === bool : typeof x === 'boolean');
  if (isBool(a) && isBool(b)) {
    throw new RuntimeError(
      'Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.',
    );
  }
  if (isBool(a) || isBool(b)) {
    throw new RuntimeError(
      'Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.',
    );
  }
}

function hasNegativeIntExponent(b: TensorOrScalar): boolean {
  return typeof b === 'number' && b < 0;
}

/** PyTorch's `alpha_check`: no fractional alpha for integer (and bool) results. */
function checkAlpha(common: DType, alpha: number | undefined): void {
  if (alpha === undefined) return;
  if (!common.isFloatingPoint && !Number.isInteger(alpha)) {
    throw new RuntimeError('For integral input tensors, argument alpha must not be a floating point number.');
  }
}

function scaled(b: TensorOrScalar, alpha: number | undefined): TensorOrScalar {
  if (alpha === undefined || alpha === 1) return b;
  if (b instanceof Tensor) return binaryRaw('mul', b, alpha);
  return (typeof b === 'boolean' ? Number(b) : b) * alpha;
}

/** Computes a binary op without recording it. */
function binaryRaw(name: BinaryName, a: TensorOrScalar, b: TensorOrScalar, roundingMode?: string | null): Tensor {
  const device = commonDevice(name, a instanceof Tensor ? a : null, b instanceof Tensor ? b : null);
  const p = plan(name, a, b, roundingMode);
  // A JS number operand goes to the kernel by value when the backend takes it so.
  const tensor = a instanceof Tensor ? (b instanceof Tensor ? null : a) : b instanceof Tensor ? b : null;
  const byValue = tensor?._storage.backend.binaryScalar;
  if (tensor && byValue) {
    const scalarFirst = !(a instanceof Tensor);
    const t = operand(tensor, p.computeDtype, device);
    const out = emptyTensor(t._shape, p.resultDtype, device);
    const s = scalarOf((scalarFirst ? a : b) as number | boolean, p.computeDtype);
    byValue.call(t._storage.backend, p.kernel, t._view(), s, scalarFirst, out._view());
    return out;
  }
  const ta = operand(a, p.computeDtype, device);
  const tb = operand(b, p.computeDtype, device);
  const shape = broadcastShapes(ta._shape, tb._shape);
  const out = emptyTensor(shape, p.resultDtype, device);
  ta._storage.backend.binary(p.kernel, broadcastView(ta, shape), broadcastView(tb, shape), out._view());
  return out;
}

function binary(
  name: BinaryName,
  a: TensorOrScalar,
  b: TensorOrScalar,
  opts: (AlphaOptions & DivOptions) | undefined,
): Tensor {
  const alpha = opts?.alpha;
  if (alpha !== undefined && name !== 'add' && name !== 'sub') {
    throw new RuntimeError(`${name}() got an unexpected keyword argument 'alpha'`);
  }
  checkAlpha(resultType(a, b), alpha);
  const bScaled = scaled(b, alpha);
  const result = binaryRaw(name, a, bScaled, opts?.roundingMode);
  const args: Record<string, unknown> = { alpha: alpha ?? 1, roundingMode: opts?.roundingMode ?? null };
  if (!(a instanceof Tensor)) args.scalarA = a;
  if (!(b instanceof Tensor)) args.scalarB = b;
  record(name, [a instanceof Tensor ? a : null, b instanceof Tensor ? b : null], [result], args);
  return writeOut(result, opts?.out);
}

function binaryInplace(name: BinaryName, self: Tensor, b: TensorOrScalar, opts: (AlphaOptions & DivOptions) | undefined): Tensor {
  const p = plan(name, self, b, opts?.roundingMode);
  checkAlpha(resultType(self, b), opts?.alpha);
  checkCastable(p.resultDtype, self.dtype);
  const bScaled = scaled(b, opts?.alpha);
  const device = commonDevice(name, self, b instanceof Tensor ? b : null);
  const backend = self._storage.backend;
  const args: Record<string, unknown> = { alpha: opts?.alpha ?? 1, roundingMode: opts?.roundingMode ?? null };
  if (!(b instanceof Tensor)) args.scalarB = b;
  const byValue = backend.binaryScalar;
  if (!(bScaled instanceof Tensor) && byValue && p.computeDtype === self.dtype && p.resultDtype === self.dtype) {
    const s = scalarOf(bScaled, p.computeDtype);
    return runInplace(name, self, [null], args, () => byValue.call(backend, p.kernel, self._view(), s, false, self._view()));
  }
  const tb = operand(bScaled, p.computeDtype, device);
  const shape = broadcastShapes(self._shape, tb._shape);
  checkInplaceShape(self, shape);
  return runInplace(name, self, [b instanceof Tensor ? b : null], args, () => {
    if (p.computeDtype === self.dtype && p.resultDtype === self.dtype && !overlapsPartially(self, tb)) {
      backend.binary(p.kernel, self._view(), broadcastView(tb, shape), self._view());
    } else {
      const ta = operand(self, p.computeDtype, device);
      const tmp = emptyTensor(shape, p.resultDtype, device);
      backend.binary(p.kernel, broadcastView(ta, shape), broadcastView(tb, shape), tmp._view());
      backend.copy(tmp._view(), self._view());
    }
  });
}

/** Whether `b` reads storage `self` writes, other than element for element. */
function overlapsPartially(self: Tensor, b: Tensor): boolean {
  return self._storage === b._storage && (self._offset !== b._offset || self._strides.join() !== b._strides.join());
}

type BinaryFunctions = {
  [K in BinaryName]: (input: TensorOrScalar, other: TensorOrScalar, options?: AlphaOptions & DivOptions) => Tensor;
};
type BinaryMethods = { [K in BinaryName]: (other: TensorOrScalar, options?: AlphaOptions & DivOptions) => Tensor } & {
  [K in BinaryName as `${K}_`]: (other: TensorOrScalar, options?: AlphaOptions & DivOptions) => Tensor;
};

declare module '../tensor.js' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Tensor extends BinaryMethods {}
}

/** The `torch.*` functions of the binary ops (`torch.add(a, b, { alpha, out })`). */
export const binaryFunctions = {} as BinaryFunctions;
const methods: Record<string, (this: Tensor, other: TensorOrScalar, options?: AlphaOptions & DivOptions) => Tensor> = {};
for (const name of Object.keys(binaryOps) as BinaryName[]) {
  binaryFunctions[name] = (a, b, options) => binary(name, a, b, options);
  methods[name] = function (this: Tensor, other, options) {
    return binary(name, this, other, options);
  };
  methods[`${name}_`] = function (this: Tensor, other, options) {
    return binaryInplace(name, this, other, options);
  };
}
installMethods(methods);

/** @internal For other op families: a binary op without autograd recording. */
export const binaryNoRecord = binaryRaw;
