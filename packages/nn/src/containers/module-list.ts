/**
 * `nn.ModuleList`: a list of submodules.
 * @module
 */
import { Module } from '../module.js';
import { absIndex, initStore, putItem, removeItem, renumber, sliceRange } from './item-store.js';

/**
 * Holds submodules in a list, registered as `'0'`, `'1'`, ... so their parameters belong to
 * the parent. It has no forward: iterate over it in the parent's.
 *
 * @example
 * ```ts
 * class Net extends nn.Module {
 *   layers = new nn.ModuleList(Array.from({ length: 3 }, () => new nn.Linear(10, 10)));
 *   forward(x: Tensor) { for (const l of this.layers) x = l(x); return x; }
 * }
 * ```
 */
export class ModuleList extends Module {
  /** @internal */ declare _items: Map<string, Module>;
  /** The modules by index (`list[0]`). */
  readonly [index: number]: Module;

  constructor(modules?: Iterable<Module>) {
    super();
    initStore<Module>(this);
    if (modules !== undefined) this.extend(modules);
  }

  /** @internal */
  override _localEntries(): [string, unknown][] {
    return [...this._items, ...super._localEntries()];
  }

  /** @internal */
  override _setMember(name: string, value: unknown): void {
    if (value instanceof Module || this._items.has(name)) putItem(this, this._items, name, value as Module);
    else super._setMember(name, value);
  }

  /** Number of modules. */
  override get length(): number {
    return this._items.size;
  }

  /** The module at `idx` (negative counts from the end). */
  at(idx: number): Module {
    return this._items.get(String(absIndex(idx, this._items.size)))!;
  }

  /** Replaces the module at `idx`. */
  set(idx: number, module: Module): void {
    this.addModule(String(absIndex(idx, this._items.size)), module);
  }

  /** A ModuleList of the modules in `[start, end)`. */
  slice(start?: number, end?: number): ModuleList {
    const [s, e] = sliceRange(this._items.size, start, end);
    return new (this.constructor as typeof ModuleList)([...this._items.values()].slice(s, e));
  }

  /** Removes the module at `idx` and renumbers the rest. */
  delete(idx: number): void {
    removeItem(this, this._items, String(absIndex(idx, this._items.size)));
    renumber(this, this._items, [...this._items.values()]);
  }

  /** Removes and returns the module at `idx`. */
  pop(idx: number): Module {
    const m = this.at(idx);
    this.delete(idx);
    return m;
  }

  /** Appends a module. */
  append(module: Module): this {
    this.addModule(String(this._items.size), module);
    return this;
  }

  /** Inserts a module before `index`. */
  insert(index: number, module: Module): void {
    const values = [...this._items.values()];
    const n = values.length;
    const i = index < 0 ? Math.max(0, index + n) : Math.min(index, n);
    values.splice(i, 0, module);
    renumber(this, this._items, values);
  }

  /** Appends every module of `modules`. */
  extend(modules: Iterable<Module>): this {
    if (modules === null || typeof (modules as Iterable<Module>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`ModuleList.extend should be called with an iterable, but got ${typeof modules}`);
    }
    for (const m of modules) this.append(m);
    return this;
  }

  /** Iterates over the modules. */
  [Symbol.iterator](): Iterator<Module> {
    return [...this._items.values()][Symbol.iterator]();
  }
}
