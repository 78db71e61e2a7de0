/**
 * The ordered store behind the containers (`Sequential`, `ModuleList`, `ModuleDict`,
 * `ParameterList`): a Map keeps PyTorch's order for any keys (a JS object would list
 * integer-like keys first), and each key is also an accessor on the container so that
 * `seq[0]`, `list[1] = m` and `dict.conv` read and write it.
 * @module
 */
import { IndexError } from '@torchts/core';
import type { Module } from '../module.js';

/** @internal Creates the container's item Map (a hidden field). */
export function initStore<V>(owner: Module): Map<string, V> {
  const items = new Map<string, V>();
  Object.defineProperty(owner, '_items', { value: items, writable: true, enumerable: false, configurable: true });
  return items;
}

/** @internal Sets `key` to `value`, adding the accessor for a new key. */
export function putItem<V>(owner: Module, items: Map<string, V>, key: string, value: V): void {
  if (!items.has(key)) {
    Object.defineProperty(owner, key, {
      get: () => items.get(key),
      set: (v: V) => owner._setMember(key, v),
      enumerable: false,
      configurable: true,
    });
  }
  items.set(key, value);
}

/** @internal Removes `key` and its accessor. */
export function removeItem<V>(owner: Module, items: Map<string, V>, key: string): void {
  if (!items.delete(key)) return;
  delete (owner as unknown as Record<string, unknown>)[key];
}

/** @internal Replaces the items by `values` keyed `'0'`, `'1'`, ... (PyTorch's renumbering). */
export function renumber<V>(owner: Module, items: Map<string, V>, values: V[]): void {
  for (const key of [...items.keys()]) removeItem(owner, items, key);
  values.forEach((v, i) => putItem(owner, items, String(i), v));
}

/** @internal PyTorch's `_get_abs_string_index`: a possibly negative index into `n` items. */
export function absIndex(idx: number, n: number): number {
  if (!Number.isInteger(idx)) throw new TypeError(`'${typeof idx}' object cannot be interpreted as an integer`);
  if (!(-n <= idx && idx < n)) throw new IndexError(`index ${idx} is out of range`);
  return idx < 0 ? idx + n : idx;
}

/** @internal Python slice bounds (`start`, `end` may be negative or omitted). */
export function sliceRange(n: number, start?: number, end?: number): [number, number] {
  const norm = (v: number | undefined, dflt: number): number => {
    if (v === undefined) return dflt;
    if (v < 0) return Math.max(0, v + n);
    return Math.min(v, n);
  };
  const s = norm(start, 0);
  return [s, Math.max(s, norm(end, n))];
}
