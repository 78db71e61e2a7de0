/**
 * Data types, as in PyTorch (`torch.float32`, `torch.long`, ...), and PyTorch's type promotion.
 * @module
 */

/** The TypedArray that holds a dtype's elements on the CPU. */
export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

/** Names of the dtypes torchts supports. */
export type DTypeName =
  | 'float32'
  | 'float64'
  | 'float16'
  | 'bfloat16'
  | 'int64'
  | 'int32'
  | 'int16'
  | 'int8'
  | 'uint8'
  | 'bool';

type Category = 'bool' | 'int' | 'float';

/**
 * A tensor element type, e.g. `torch.float32`. Prints as PyTorch does (`torch.float32`).
 *
 * Storage on the CPU: float16 and bfloat16 are held in a `Float32Array` whose values are rounded
 * to half (or bfloat16) precision; int64 is held in a `Float64Array` (exact for |x| <= 2^53), so that every element
 * is a plain JS number; bool is held in a `Uint8Array` of 0/1.
 */
export class DType {
  /** @internal */
  constructor(
    /** The dtype's canonical name (`'float32'`). */
    readonly name: DTypeName,
    /** Bytes per element as PyTorch counts them (`element_size()`). */
    readonly itemsize: number,
    /** @internal */ readonly category: Category,
    /** @internal rank inside its category, for promotion. */ readonly rank: number,
    /** The TypedArray constructor that stores it on the CPU. */
    readonly ArrayType: new (n: number | ArrayBufferLike | ArrayLike<number>) => TypedArray,
  ) {}

  /** True for float16, bfloat16, float32, float64 (`dtype.is_floating_point`). */
  get isFloatingPoint(): boolean {
    return this.category === 'float';
  }
  /** True for every dtype that can hold negative values. */
  get isSigned(): boolean {
    return this.name !== 'uint8' && this.name !== 'bool';
  }
  /** True for integer dtypes (not bool). */
  get isInteger(): boolean {
    return this.category === 'int';
  }
  /** True for bool. */
  get isBool(): boolean {
    return this.category === 'bool';
  }

  /** PyTorch's name: `'torch.float32'`. */
  toString(): string {
    return `torch.${this.name}`;
  }
  /** @internal */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** 32-bit floating point (`torch.float32`, alias `float`): the default dtype, stored in a `Float32Array`. */
export const float32 = new DType('float32', 4, 'float', 2, Float32Array);
/** 64-bit floating point (`torch.float64`, alias `double`), stored in a `Float64Array`. */
export const float64 = new DType('float64', 8, 'float', 3, Float64Array);
/** 16-bit floating point (`torch.float16`, alias `half`); on the CPU a `Float32Array` of values rounded to half. */
export const float16 = new DType('float16', 2, 'float', 1, Float32Array);
/**
 * Brain floating point (`torch.bfloat16`): float32's 8-bit exponent with 7 fraction bits; on the
 * CPU a `Float32Array` of values rounded to bfloat16 (nearest, ties to even).
 *
 * @example
 * ```ts
 * torch.tensor([0.1, 1000.7], { dtype: torch.bfloat16 }); // tensor([1.0010e-01, 1.0000e+03], dtype=torch.bfloat16)
 * ```
 */
export const bfloat16 = new DType('bfloat16', 2, 'float', 1, Float32Array);
/** 64-bit signed integer (`torch.int64`, alias `long`); on the CPU a `Float64Array` of integers, exact up to 2^53. */
export const int64 = new DType('int64', 8, 'int', 5, Float64Array);
/** 32-bit signed integer (`torch.int32`, alias `int`), stored in an `Int32Array`. */
export const int32 = new DType('int32', 4, 'int', 4, Int32Array);
/** 16-bit signed integer (`torch.int16`, alias `short`), stored in an `Int16Array`. */
export const int16 = new DType('int16', 2, 'int', 3, Int16Array);
/** 8-bit signed integer (`torch.int8`), stored in an `Int8Array`. */
export const int8 = new DType('int8', 1, 'int', 2, Int8Array);
/** 8-bit unsigned integer (`torch.uint8`), stored in a `Uint8Array`. */
export const uint8 = new DType('uint8', 1, 'int', 1, Uint8Array);
/** Boolean (`torch.bool`), stored as 0/1 in a `Uint8Array`. */
export const bool = new DType('bool', 1, 'bool', 0, Uint8Array);

// PyTorch's aliases.
/** Alias of {@link float32}. */
export const float = float32;
/** Alias of {@link float64}. */
export const double = float64;
/** Alias of {@link float16}. */
export const half = float16;
/** Alias of {@link int64}. */
export const long = int64;
/** Alias of {@link int32}. */
export const int = int32;
/** Alias of {@link int16}. */
export const short = int16;

/** Every dtype, by name. */
export const dtypes: Readonly<Record<DTypeName, DType>> = {
  float32, float64, float16, bfloat16, int64, int32, int16, int8, uint8, bool,
};

/** Anything that names a dtype: a DType or its name (`'float32'`, `'long'`, ...). */
export type DTypeLike = DType | DTypeName | 'float' | 'double' | 'half' | 'long' | 'int' | 'short';

const aliases: Record<string, DType> = {
  ...dtypes, float: float32, double: float64, half: float16, long: int64, int: int32, short: int16,
};

/** Resolves a {@link DTypeLike} to its DType; throws a TypeError for an unknown name. */
export function toDType(d: DTypeLike): DType {
  if (d instanceof DType) return d;
  const found = aliases[d as string];
  if (!found) throw new TypeError(`unknown dtype '${String(d)}'`);
  return found;
}

let defaultFloat: DType = float32;

/** The dtype of floating-point tensors created without one (`torch.get_default_dtype()`). */
export function getDefaultDtype(): DType {
  return defaultFloat;
}

/** Sets the default floating-point dtype (`torch.set_default_dtype`); float32 or float64. */
export function setDefaultDtype(d: DTypeLike): void {
  const dt = toDType(d);
  if (!dt.isFloatingPoint) {
    throw new TypeError(`only floating-point types are supported as the default type`);
  }
  defaultFloat = dt;
}

/** `torch.promote_types(a, b)`: the smallest dtype both can be cast to without losing kind. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  // float16 and bfloat16 hold each other's values only in float32 (as PyTorch promotes them).
  if (a.category === 'float' && a.rank === 1 && b.category === 'float' && b.rank === 1) return float32;
  const ca = categoryRank(a.category), cb = categoryRank(b.category);
  if (ca !== cb) return ca > cb ? a : b;
  if (a.category === 'int') {
    // uint8 with a signed type: the signed type wins, except int8 + uint8 -> int16.
    if (a === uint8 && b === int8) return int16;
    if (b === uint8 && a === int8) return int16;
  }
  return a.rank >= b.rank ? a : b;
}

function categoryRank(c: Category): number {
  return c === 'bool' ? 0 : c === 'int' ? 1 : 2;
}

/** The dtype category of a JS scalar, as PyTorch treats Python scalars in promotion. */
export function scalarDtype(v: number | boolean | bigint): DType {
  if (typeof v === 'boolean') return bool;
  if (typeof v === 'bigint') return int64;
  return Number.isInteger(v) ? int64 : getDefaultDtype();
}

/** An operand of type promotion: a tensor's dtype and whether it is 0-d, or a JS scalar. */
export type PromotionOperand =
  | { dtype: DType; dim: number; wrapped?: boolean }
  | number
  | boolean;

/**
 * PyTorch's `result_type`: dimensioned tensors take priority over 0-d tensors, which take
 * priority over JS scalars, except when a lower priority operand is of a higher category
 * (bool < int < float).
 */
export function resultTypeOf(...ops: PromotionOperand[]): DType {
  let dimResult: DType | undefined, zeroResult: DType | undefined, wrappedResult: DType | undefined;
  for (const op of ops) {
    if (typeof op === 'number' || typeof op === 'boolean') {
      const d = typeof op === 'boolean' ? bool : Number.isInteger(op) ? int64 : float64;
      wrappedResult = wrappedResult ? promoteTypes(wrappedResult, d) : d;
    } else if (op.wrapped) {
      wrappedResult = wrappedResult ? promoteTypes(wrappedResult, op.dtype) : op.dtype;
    } else if (op.dim === 0) {
      zeroResult = zeroResult ? promoteTypes(zeroResult, op.dtype) : op.dtype;
    } else {
      dimResult = dimResult ? promoteTypes(dimResult, op.dtype) : op.dtype;
    }
  }
  const combine = (higher: DType | undefined, lower: DType | undefined): DType | undefined => {
    if (!higher) return lower;
    if (!lower) return higher;
    return categoryRank(lower.category) > categoryRank(higher.category) ? lower : higher;
  };
  // JS floats take part in promotion as default-dtype floats, as Python floats do.
  if (wrappedResult === float64) wrappedResult = getDefaultDtype();
  return combine(combine(dimResult, zeroResult), wrappedResult) ?? getDefaultDtype();
}
