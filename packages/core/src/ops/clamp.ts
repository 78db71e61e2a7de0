/**
 * `clamp` (alias `clip`), `clampMin`, `clampMax` and their in-place forms. Number bounds run
 * the backend's `clamp` kernel; tensor bounds broadcast and use `maximum`/`minimum` (which
 * propagate NaN from either side, as PyTorch's tensor clamp does).
 *
 * Op recorded for autograd: `clamp`, inputs `[x, minTensor, maxTensor]` (null where a bound is
 * a number or absent), args `{ min, max }` (the number bounds, null otherwise). The gradient
 * flows to x where `min <= x <= max`, to a min tensor where `x < min`, to a max tensor where
 * `x > max` (summed back to each bound's shape). `clampMin`/`clampMax` record `clamp` too.
 * In-place forms record through `runInplace` with the same name and args.
 * @module
 */
import { type DType } from '../dtype.js';
import { RuntimeError } from '../errors.js';
import { Tensor } from '../tensor.js';
import {
  castTo, checkCastable, checkInplaceShape, commonDevice, emptyTensor, installMethods, type OutOption, record,
  resultType, type TensorOrScalar, writeOut,
} from './helpers.js';
import { binaryNoRecord } from './binary.js';
import { runInplace } from './inplace.js';
import { disposeTemps, isOptions } from './reduction.js';

/** A clamp bound: a number, a tensor (broadcast against the input), or none. */
export type ClampBound = number | Tensor | null | undefined;

/** Options of `clamp`: the bounds may be given here (`x.clamp({ min: 0 })`). */
export interface ClampOptions extends OutOption {
  /** Lower bound. */
  min?: ClampBound;
  /** Upper bound. */
  max?: ClampBound;
}

const cTypeNames: Record<string, string> = {
  uint8: 'uint8_t', int8: 'int8_t', int16: 'int16_t', int32: 'int', int64: 'int64_t', bool: 'bool',
};
const intRanges: Record<string, [number, number]> = {
  uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63 - 1],
};

function parse(args: readonly unknown[]): { min: ClampBound; max: ClampBound; opts: ClampOptions } {
  if (args.length > 0 && isOptions(args[0])) {
    const opts = args[0] as ClampOptions;
    return { min: opts.min, max: opts.max, opts };
  }
  const opts = (isOptions(args[2]) ? args[2] : {}) as ClampOptions;
  return { min: args[0] as ClampBound, max: args[1] as ClampBound, opts };
}

function present(b: ClampBound): b is number | Tensor {
  return b !== null && b !== undefined;
}

/** The clamped values (not recorded) and the result dtype. */
function clampRaw(x: Tensor, min: ClampBound, max: ClampBound): Tensor {
  if (!present(min) && !present(max)) {
    throw new RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  const bounds = [min, max].filter(present) as TensorOrScalar[];
  commonDevice('clamp', x, ...bounds.map((b) => (b instanceof Tensor ? b : null)));
  const dtype = resultType(x, ...bounds);
  if (!(min instanceof Tensor) && !(max instanceof Tensor)) {
    checkRepresentable(dtype, bounds as number[]);
    const src = castTo(x, dtype);
    const out = emptyTensor(x._shape, dtype, x.device);
    if (x.numel() > 0) {
      x._storage.backend.clamp(src._view(), present(min) ? min : null, present(max) ? max : null, out._view());
    }
    disposeTemps([x], src);
    return out;
  }
  let r = castTo(x, dtype);
  if (present(min)) {
    const next = binaryNoRecord('maximum', r, min);
    disposeTemps([x], r);
    r = next;
  }
  if (present(max)) {
    const next = binaryNoRecord('minimum', r, max);
    disposeTemps([x], r);
    r = next;
  }
  return r;
}

function checkRepresentable(dtype: DType, values: readonly number[]): void {
  const range = intRanges[dtype.name];
  if (!range) return;
  for (const v of values) {
    if (!(v >= range[0] && v <= range[1])) {
      throw new RuntimeError(`value cannot be converted to type ${cTypeNames[dtype.name]} without overflow`);
    }
  }
}

function recArgs(min: ClampBound, max: ClampBound): Record<string, unknown> {
  return { min: typeof min === 'number' ? min : null, max: typeof max === 'number' ? max : null };
}

function tensorOrNull(b: ClampBound): Tensor | null {
  return b instanceof Tensor ? b : null;
}

function clamp(x: Tensor, min: ClampBound, max: ClampBound, opts: OutOption = {}): Tensor {
  const out = clampRaw(x, min, max);
  record('clamp', [x, tensorOrNull(min), tensorOrNull(max)], [out], recArgs(min, max));
  return writeOut(out, opts.out);
}

function clampInplace(self: Tensor, min: ClampBound, max: ClampBound): Tensor {
  const result = clampRaw(self, min, max);
  checkCastable(result.dtype, self.dtype);
  checkInplaceShape(self, result._shape);
  return runInplace('clamp', self, [tensorOrNull(min), tensorOrNull(max)], recArgs(min, max), () => {
    self._storage.backend.copy(result._view(), self._view());
    result.dispose();
  });
}

/** clamp_min / clamp_max: PyTorch's NaN-propagating maximum/minimum with one bound. */
function clampOne(which: 'min' | 'max', x: Tensor, bound: number | Tensor, opts: OutOption = {}): Tensor {
  commonDevice(which === 'min' ? 'clamp_min' : 'clamp_max', x, tensorOrNull(bound));
  const out = binaryNoRecord(which === 'min' ? 'maximum' : 'minimum', x, bound);
  const [min, max] = which === 'min' ? [bound, null] : [null, bound];
  record('clamp', [x, tensorOrNull(min), tensorOrNull(max)], [out], recArgs(min, max));
  return writeOut(out, opts.out);
}

function clampOneInplace(which: 'min' | 'max', self: Tensor, bound: number | Tensor): Tensor {
  commonDevice(which === 'min' ? 'clamp_min_' : 'clamp_max_', self, tensorOrNull(bound));
  const result = binaryNoRecord(which === 'min' ? 'maximum' : 'minimum', self, bound);
  checkCastable(result.dtype, self.dtype);
  checkInplaceShape(self, result._shape);
  const [min, max] = which === 'min' ? [bound, null] : [null, bound];
  return runInplace('clamp', self, [tensorOrNull(min), tensorOrNull(max)], recArgs(min, max), () => {
    self._storage.backend.copy(result._view(), self._view());
    result.dispose();
  });
}

declare module '../tensor.js' {
  interface Tensor {
    /**
     * Limits values to `[min, max]` (either may be omitted; numbers or tensors).
     *
     * @example
     * ```ts
     * x.clamp(0, 1);
     * x.clamp({ min: 0 });
     * x.clamp(lo, hi); // tensors, broadcast against x
     * ```
     */
    clamp(min?: ClampBound, max?: ClampBound): Tensor;
    /** Clamps to `{ min, max }` (either may be left out). */
    clamp(options: ClampOptions): Tensor;
    /** {@link Tensor.clamp} in place. */
    clamp_(min?: ClampBound, max?: ClampBound): Tensor;
    /** Clamps to `{ min, max }` in place. */
    clamp_(options: ClampOptions): Tensor;
    /** Alias of {@link Tensor.clamp}. */
    clip(min?: ClampBound, max?: ClampBound): Tensor;
    /** Alias of `clamp({ min, max })`. */
    clip(options: ClampOptions): Tensor;
    /** Alias of {@link Tensor.clamp_}. */
    clip_(min?: ClampBound, max?: ClampBound): Tensor;
    /** Alias of `clamp_({ min, max })`. */
    clip_(options: ClampOptions): Tensor;
    /** `max(x, min)`, propagating NaN from either side (PyTorch's `clamp_min`). */
    clampMin(min: number | Tensor): Tensor;
    /** {@link Tensor.clampMin} in place. */
    clampMin_(min: number | Tensor): Tensor;
    /** `min(x, max)`, propagating NaN from either side (PyTorch's `clamp_max`). */
    clampMax(max: number | Tensor): Tensor;
    /** {@link Tensor.clampMax} in place. */
    clampMax_(max: number | Tensor): Tensor;
  }
}

type Args = unknown[];

installMethods({
  clamp(this: Tensor, ...args: Args) {
    const { min, max } = parse(args);
    return clamp(this, min, max);
  },
  clamp_(this: Tensor, ...args: Args) {
    const { min, max } = parse(args);
    return clampInplace(this, min, max);
  },
  clip(this: Tensor, ...args: Args) {
    const { min, max } = parse(args);
    return clamp(this, min, max);
  },
  clip_(this: Tensor, ...args: Args) {
    const { min, max } = parse(args);
    return clampInplace(this, min, max);
  },
  clampMin(this: Tensor, min: number | Tensor) { return clampOne('min', this, min); },
  clampMin_(this: Tensor, min: number | Tensor) { return clampOneInplace('min', this, min); },
  clampMax(this: Tensor, max: number | Tensor) { return clampOne('max', this, max); },
  clampMax_(this: Tensor, max: number | Tensor) { return clampOneInplace('max', this, max); },
});

/**
 * `torch.clamp(x, min?, max?, { out })` or `torch.clamp(x, { min, max, out })`.
 *
 * @example
 * ```ts
 * torch.clamp(torch.tensor([-1, 0.5, 2]), 0, 1); // tensor([0.0000, 0.5000, 1.0000])
 * ```
 */
export function clampFn(input: Tensor, min?: ClampBound, max?: ClampBound, options?: OutOption): Tensor;
export function clampFn(input: Tensor, options: ClampOptions): Tensor;
export function clampFn(input: Tensor, ...args: Args): Tensor {
  const { min, max, opts } = parse(args);
  return clamp(input, min, max, opts);
}

/** `torch.clamp_(x, min?, max?)`: clamps in place. */
export function clampInplaceFn(input: Tensor, min?: ClampBound, max?: ClampBound): Tensor;
export function clampInplaceFn(input: Tensor, options: ClampOptions): Tensor;
export function clampInplaceFn(input: Tensor, ...args: Args): Tensor {
  const { min, max } = parse(args);
  return clampInplace(input, min, max);
}

/** `torch.clamp_min(x, min, { out })`. */
export function clampMin(input: Tensor, min: number | Tensor, options?: OutOption): Tensor {
  return clampOne('min', input, min, options);
}

/** `torch.clamp_max(x, max, { out })`. */
export function clampMax(input: Tensor, max: number | Tensor, options?: OutOption): Tensor {
  return clampOne('max', input, max, options);
}
