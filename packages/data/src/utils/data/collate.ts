/**
 * `defaultCollate` and `defaultConvert`, PyTorch's `default_collate` / `default_convert`.
 * @module
 */
import { bool, float64, fromTypedArray, int64, isTensor, stack, tensor, type Tensor, type TypedArray } from '@torchts/core';

/**
 * What {@link defaultCollate} makes of a batch of `T`: tensors, numbers and booleans become
 * one tensor, strings a list, arrays and objects the same structure collated field by field.
 */
export type Collated<T> = 0 extends 1 & T
  ? any // T is any
  : T extends Tensor
  ? Tensor
  : T extends number | boolean | bigint
    ? Tensor
    : T extends string
      ? string[]
      : T extends TypedArray
        ? Tensor
        : T extends readonly unknown[]
          ? { -readonly [K in keyof T]: Collated<T[K]> }
          : T extends object
            ? { [K in keyof T]: Collated<T[K]> }
            : unknown;

/**
 * @internal Tensors created by collation that nothing else references: a worker may hand their
 * buffers to the main thread without copying.
 */
export const freshTensors: WeakSet<object> = new WeakSet();

function fresh(t: Tensor): Tensor {
  freshTensors.add(t);
  return t;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'object' || typeof v === 'function') return (v as object).constructor?.name ?? typeof v;
  return typeof v;
}

function collateError(elem: unknown): TypeError {
  return new TypeError(
    `default_collate: batch must contain tensors, typed arrays, numbers, booleans, strings, objects or arrays; found ${describe(elem)}`,
  );
}

function isPlainObject(v: object): boolean {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function isTypedArray(v: unknown): v is TypedArray {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Numbers: int64 when all are integers (JS has one number type), else float64. */
function collateNumbers(batch: readonly unknown[]): Tensor {
  const data = new Float64Array(batch.length);
  let allInt = true;
  for (let i = 0; i < batch.length; i++) {
    const v = batch[i];
    if (typeof v !== 'number') throw new TypeError(`default_collate: expected only numbers in this position, found ${describe(v)} at ${i}`);
    data[i] = v;
    if (allInt && !Number.isInteger(v)) allInt = false;
  }
  return fresh(fromTypedArray(data, [batch.length], { dtype: allInt ? int64 : float64 }));
}

/**
 * PyTorch's `default_collate`: turns a list of samples into a batch.
 * - tensors are stacked along a new first dimension;
 * - typed arrays become tensors and are stacked (as numpy arrays are);
 * - numbers become one int64 tensor when all are integers, else float64 (Python's `int`
 *   / `float`; JavaScript cannot tell `1.0` from `1`); bigints give int64, booleans bool;
 * - strings are returned as a list;
 * - arrays (tuples) and plain objects (dicts) keep their structure, each position or key
 *   collated on its own; `Map`s too.
 *
 * @example
 * ```ts
 * defaultCollate([[torch.zeros(3), 1], [torch.ones(3), 2]]);
 * // [tensor([[0., 0., 0.], [1., 1., 1.]]), tensor([1, 2])]
 * defaultCollate([{ a: 0.5, b: 'x' }, { a: 1, b: 'y' }]); // { a: tensor([0.5000, 1.0000], dtype=torch.float64), b: ['x', 'y'] }
 * ```
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch as readonly unknown[]) as Collated<T>;
}

function collate(batch: readonly unknown[]): unknown {
  if (batch.length === 0) throw new RangeError('default_collate: the batch is empty');
  const elem = batch[0];
  if (isTensor(elem)) {
    batch.forEach((t, i) => {
      if (!isTensor(t)) throw new TypeError(`default_collate: expected only tensors in this position, found ${describe(t)} at ${i}`);
    });
    return fresh(stack(batch as Tensor[], 0));
  }
  if (isTypedArray(elem)) {
    return collate(batch.map((a) => (isTypedArray(a) ? fromTypedArray(a) : a)));
  }
  switch (typeof elem) {
    case 'number':
      return collateNumbers(batch);
    case 'boolean':
      return fresh(tensor(batch as boolean[], { dtype: bool }));
    case 'bigint':
      return fresh(fromTypedArray(Float64Array.from(batch as bigint[], Number), [batch.length], { dtype: int64 }));
    case 'string':
      return [...batch];
    default:
      break;
  }
  if (elem === null || typeof elem !== 'object') throw collateError(elem);
  if (elem instanceof Map) {
    const out = new Map();
    for (const key of elem.keys()) out.set(key, collate(batch.map((d) => (d as Map<unknown, unknown>).get(key))));
    return out;
  }
  if (Array.isArray(elem)) {
    const size = elem.length;
    for (const e of batch) {
      if (!Array.isArray(e) || e.length !== size) throw new Error('each element in list of batch should be of equal size');
    }
    const out: unknown[] = new Array(size);
    for (let k = 0; k < size; k++) out[k] = collate(batch.map((e) => (e as unknown[])[k]));
    return out;
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(elem)) out[key] = collate(batch.map((d) => (d as Record<string, unknown>)[key]));
    return out;
  }
  throw collateError(elem);
}

/**
 * PyTorch's `default_convert`, the DataLoader's collate function when batching is off
 * (`batchSize: null`): typed arrays become tensors, arrays and plain objects are converted
 * element by element, everything else is returned as is.
 */
export function defaultConvert<T>(data: T): unknown {
  if (isTensor(data)) return data;
  if (isTypedArray(data)) return fromTypedArray(data);
  if (Array.isArray(data)) return data.map((d) => defaultConvert(d));
  if (data instanceof Map) return new Map([...data].map(([k, v]) => [k, defaultConvert(v)]));
  if (data !== null && typeof data === 'object' && isPlainObject(data)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(data)) out[k] = defaultConvert(v);
    return out;
  }
  return data;
}
