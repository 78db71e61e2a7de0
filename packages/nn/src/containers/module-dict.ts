/**
 * `nn.ModuleDict`: submodules by name.
 * @module
 */
import { KeyError } from '../errors.js';
import { Module } from '../module.js';
import { initStore, putItem, removeItem } from './item-store.js';

/**
 * Holds submodules by name, in insertion order, registered so their parameters belong to the
 * parent. Entries are also fields (`dict.conv`). It has no forward.
 *
 * @example
 * ```ts
 * const acts = new nn.ModuleDict({ relu: new nn.ReLU(), tanh: new nn.Tanh() });
 * const y = acts.get('relu')(x);
 * ```
 */
export class ModuleDict extends Module {
  /** @internal */ declare _items: Map<string, Module>;

  constructor(modules?: Record<string, Module> | Map<string, Module> | Iterable<[string, Module]>) {
    super();
    initStore<Module>(this);
    if (modules !== undefined) this.update(modules);
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

  /** Number of entries. */
  override get length(): number {
    return this._items.size;
  }

  /** The module named `key` (a KeyError when absent). */
  get(key: string): Module {
    const m = this._items.get(key);
    if (!m) throw new KeyError(`'${key}'`);
    return m;
  }

  /** Adds or replaces the module named `key`. */
  set(key: string, module: Module): void {
    this.addModule(key, module);
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return this._items.has(key);
  }

  /** Removes `key`. */
  delete(key: string): void {
    if (!this._items.has(key)) throw new KeyError(`'${key}'`);
    removeItem(this, this._items, key);
  }

  /** Removes `key` and returns its module. */
  pop(key: string): Module {
    const m = this.get(key);
    this.delete(key);
    return m;
  }

  /** Removes every entry. */
  clear(): void {
    for (const k of [...this._items.keys()]) removeItem(this, this._items, k);
  }

  /** The names, in order. */
  keys(): string[] {
    return [...this._items.keys()];
  }

  /** The modules, in order. */
  values(): Module[] {
    return [...this._items.values()];
  }

  /** `[name, module]` pairs, in order. */
  items(): [string, Module][] {
    return [...this._items];
  }

  /** Adds or replaces entries from an object, a Map or `[name, module]` pairs. */
  update(modules: Record<string, Module> | Map<string, Module> | Iterable<[string, Module]>): void {
    const entries =
      modules instanceof Map || (modules as Iterable<unknown>)[Symbol.iterator]
        ? [...(modules as Iterable<[string, Module]>)]
        : Object.entries(modules);
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) {
        throw new TypeError('ModuleDict update sequence element has wrong length or type');
      }
      this.addModule(entry[0], entry[1]);
    }
  }

  /** Iterates over the names, as iterating a Python dict does. */
  [Symbol.iterator](): Iterator<string> {
    return [...this._items.keys()][Symbol.iterator]();
  }
}
