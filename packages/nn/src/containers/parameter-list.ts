/**
 * `nn.ParameterList`: a list of parameters.
 * @module
 */
import { RuntimeError, Tensor } from '@torchts/core';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { absIndex, initStore, putItem, sliceRange } from './item-store.js';

/**
 * Holds parameters in a list, registered as `'0'`, `'1'`, ...; tensors added to it are
 * wrapped in {@link Parameter}s. It cannot be called.
 *
 * @example
 * ```ts
 * const ws = new nn.ParameterList([torch.randn(3, 3), torch.randn(3)]);
 * ws.length; // 2
 * ```
 */
export class ParameterList extends Module {
  /** @internal */ declare _items: Map<string, unknown>;
  /** The entries by index (`list[0]`). */
  readonly [index: number]: Parameter;

  constructor(values?: Iterable<unknown>) {
    super();
    initStore<unknown>(this);
    if (values !== undefined) this.extend(values);
  }

  /** @internal */
  override _localEntries(): [string, unknown][] {
    return [...this._items, ...super._localEntries()];
  }

  /** @internal */
  override _setMember(name: string, value: unknown): void {
    if (this._items.has(name)) {
      putItem(this, this._items, name, value instanceof Tensor && !(value instanceof Parameter) ? new Parameter(value) : value);
    } else super._setMember(name, value);
  }

  /** @internal A ParameterList is not callable. */
  override _callImpl(): never {
    throw new RuntimeError('ParameterList should not be called.');
  }

  /** Number of entries. */
  override get length(): number {
    return this._items.size;
  }

  /** The entry at `idx` (negative counts from the end). */
  at(idx: number): Parameter {
    return this._items.get(String(absIndex(idx, this._items.size))) as Parameter;
  }

  /** Replaces the entry at `idx` (a tensor becomes a Parameter). */
  set(idx: number, value: unknown): void {
    this._setMember(String(absIndex(idx, this._items.size)), value);
  }

  /** A ParameterList of the entries in `[start, end)`. */
  slice(start?: number, end?: number): ParameterList {
    const [s, e] = sliceRange(this._items.size, start, end);
    return new (this.constructor as typeof ParameterList)([...this._items.values()].slice(s, e));
  }

  /** Appends a value (a tensor becomes a Parameter). */
  append(value: unknown): this {
    const key = String(this._items.size);
    putItem(this, this._items, key, undefined);
    this._setMember(key, value);
    return this;
  }

  /** Appends every value of `values`. */
  extend(values: Iterable<unknown>): this {
    if (values === null || values instanceof Tensor || typeof (values as Iterable<unknown>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${values instanceof Tensor ? 'Tensor' : typeof values}`);
    }
    for (const v of values) this.append(v);
    return this;
  }

  /** Iterates over the entries. */
  [Symbol.iterator](): Iterator<Parameter> {
    return ([...this._items.values()] as Parameter[])[Symbol.iterator]();
  }

  override extraRepr(): string {
    const lines: string[] = [];
    let k = 0;
    for (const p of this._items.values()) {
      if (p instanceof Tensor) {
        const size = p.shape.join('x');
        const dev = p.device.type === 'cuda' ? ` (GPU ${p.device.index})` : '';
        lines.push(`  (${k}): ${p instanceof Parameter ? 'Parameter' : 'Tensor'} containing: [${p.dtype} of size ${size}${dev}]`);
      } else {
        lines.push(`  (${k}): Object of type: ${(p as object)?.constructor?.name ?? typeof p}`);
      }
      k++;
    }
    return lines.join('\n');
  }
}
